/**
 * Runnable examples to copy from, one program each: the paid quickstart, streaming, async, tool
 * calls, COCOON through its runner and natively, and the raw crypto round trip.
 */
package dev.silk.examples;
