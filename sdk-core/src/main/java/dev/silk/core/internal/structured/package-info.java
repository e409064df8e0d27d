/**
 * Structured outputs: the JSON Schema of a Java type, and the answer's JSON read back into that
 * type (records included, which the Moshi line Silk keeps cannot construct on its own).
 */
package dev.silk.core.internal.structured;
