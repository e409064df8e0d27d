/**
 * The testing kit: a local reference node, the fake-TON chain and a funded wallet for JUnit 5
 * tests ({@link dev.silk.testing.SilkNodeExtension}, {@link dev.silk.testing.SilkTestNode}).
 */
package dev.silk.testing;
