/**
 * Rate limits: token buckets, per address and per channel, checked before any signature work.
 */
package dev.silk.node.limit;
