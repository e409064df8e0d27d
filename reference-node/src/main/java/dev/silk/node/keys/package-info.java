/**
 * The node's keys: generated in memory (tdx) or kept in the data directory for local runs (the
 * insecure {@code dev} mode).
 */
package dev.silk.node.keys;
