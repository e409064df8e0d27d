/**
 * Discovery objects (spec-v1 §14): a node's signed {@link dev.silk.crypto.registry.NodeAnnouncement}
 * of its descriptor and public URL, and a registry's signed {@link dev.silk.crypto.registry.RegistryList}
 * of the nodes it knows. A registry is trusted only for listing: every descriptor in a list is
 * still checked against its own signature, validity and attestation by the client.
 */
package dev.silk.crypto.registry;
