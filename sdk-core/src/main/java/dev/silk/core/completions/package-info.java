/**
 * Legacy text completions ({@code client.completions()}), available through a COCOON runner.
 */
package dev.silk.core.completions;
