/**
 * TON payment channels (the standard contract): opening, signed states, cooperative close and
 * commit, and a watcher that challenges a stale close.
 */
package dev.silk.ton.channel;
