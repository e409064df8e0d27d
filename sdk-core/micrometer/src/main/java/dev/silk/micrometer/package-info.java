/**
 * Micrometer for a {@link dev.silk.core.SilkClient}: one observation per call (a timer of
 * requests and their latency, by model, kind, outcome, error code and verification level) and
 * meters of tokens, nanoTON spent and verification failures by code. sdk-core itself has no
 * Micrometer dependency; this module plugs in through its {@link dev.silk.core.observe.CallObserver}.
 */
package dev.silk.micrometer;
