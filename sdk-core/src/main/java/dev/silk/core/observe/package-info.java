/**
 * Observing a client's calls without a dependency: a {@link dev.silk.core.observe.CallObserver}
 * is told when each call starts and how it ended (tokens, cost, verification, or the failure's
 * code). {@code silk-micrometer} turns that into Micrometer observations and meters.
 */
package dev.silk.core.observe;
