/**
 * Silk's client: {@code SilkClient} with discovery, sealed chat completions (sync, async,
 * streaming), receipt verification and the payment SPI. The client arrives with the "sealed
 * inference end to end" issue; until then this module pins and checks its dependency set
 * (Retrofit 2, OkHttp 3, Moshi 1.11: the Kotlin-free line) and builds on {@code sdk-crypto}.
 */
package dev.silk.core;
