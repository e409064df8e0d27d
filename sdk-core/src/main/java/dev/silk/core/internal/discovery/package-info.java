/**
 * Implementation of discovery: node sources (a fixed list, a signed registry), the pool that
 * lists, checks and chooses nodes (power of two choices over latency and load), each node's
 * health record, and the quarantine of nodes and operators caught lying. Not API.
 */
package dev.silk.core.internal.discovery;
