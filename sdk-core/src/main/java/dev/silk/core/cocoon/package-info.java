/**
 * Talking to Telegram's COCOON network through its client runner: a transport chosen with
 * {@link dev.silk.core.SilkClient.Builder#cocoonRunner()}, and its request options. Answers from
 * it carry no Silk receipt; their {@link dev.silk.core.Verification} says
 * {@link dev.silk.core.VerificationLevel#COCOON_RUNNER}.
 */
package dev.silk.core.cocoon;
