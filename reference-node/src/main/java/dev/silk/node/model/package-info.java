/**
 * Model backends behind the node: the {@link dev.silk.node.model.ModelBackend} SPI, the echo
 * model (a named reference part) and an OpenAI-compatible upstream.
 */
package dev.silk.node.model;
