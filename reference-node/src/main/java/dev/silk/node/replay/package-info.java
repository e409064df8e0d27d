/**
 * Replay protection: every request id is accepted once within its validity window, durably.
 */
package dev.silk.node.replay;
