/**
 * The registry role (spec-v1 §14): signed announcements in, a signed node list out, and the
 * announcer that keeps a node listed.
 */
package dev.silk.node.registry;
