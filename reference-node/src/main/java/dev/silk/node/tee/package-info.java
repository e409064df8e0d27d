/**
 * Attestation on a TDX guest: quotes from configfs-tsm bound to the node's keys, and the Intel
 * collateral file served with them.
 */
package dev.silk.node.tee;
