/** Streaming answers: {@link dev.silk.core.stream.StreamResponse}, an AutoCloseable iterator. */
package dev.silk.core.stream;
