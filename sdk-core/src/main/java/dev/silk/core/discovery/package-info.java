/**
 * Finding nodes: where a client's candidates come from ({@link dev.silk.core.discovery.NodeSource}:
 * a pinned registry, a static list, or your own source such as an on-chain registry) and which of
 * them it may use ({@link dev.silk.core.discovery.DiscoveryOptions}).
 *
 * <pre>{@code
 * SilkClient client = SilkClient.builder()
 *     .discovery(NodeSource.registry("https://registry.example", registryKeyHex))
 *     .build();
 * }</pre>
 *
 * <p>Every listed descriptor is checked (signature, validity, attestation under the client's
 * policy) before a request is sealed to it; a source is trusted only to list.
 */
package dev.silk.core.discovery;
