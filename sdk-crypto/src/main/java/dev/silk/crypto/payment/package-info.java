/**
 * Payment objects a node signs (spec-v1 §13): the {@link dev.silk.crypto.payment.PaymentQuote}
 * of a 402 answer and the {@link dev.silk.crypto.payment.ChannelStatus} a client resyncs from.
 * The payment state itself is scheme-specific and opaque here (sdk-ton encodes the
 * {@code ton-channel} one).
 */
package dev.silk.crypto.payment;
