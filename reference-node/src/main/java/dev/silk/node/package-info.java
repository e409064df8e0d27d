/**
 * The reference node: {@link dev.silk.node.SilkNode} serves the Silk protocol (sealed
 * inference, signed receipts and errors, replay protection, payments, registry), configured by
 * {@link dev.silk.node.NodeConfig} and started from the command line by {@link
 * dev.silk.node.NodeMain}.
 */
package dev.silk.node;
