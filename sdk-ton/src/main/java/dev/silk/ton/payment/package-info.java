/**
 * Paying per request in TON (spec-v1 §13): {@link dev.silk.ton.payment.ChannelPaymentProvider}
 * signs credit windows on a channel, keeps its states durable and settles on the chain.
 */
package dev.silk.ton.payment;
