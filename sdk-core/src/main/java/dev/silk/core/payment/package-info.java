/**
 * Money and spending limits: {@link dev.silk.core.payment.TonAmount} (exact nanoTON),
 * {@link dev.silk.core.payment.SpendingCaps} and the {@link dev.silk.core.payment.Budget} that
 * enforces them across every client that shares it.
 */
package dev.silk.core.payment;
