/**
 * Silk's client. Start at {@link dev.silk.core.SilkClient}: it verifies the node's descriptor
 * (signature, validity, attestation under an {@link dev.silk.crypto.attestation.AttestationPolicy}),
 * seals each request end to end, and returns only answers whose signed receipt verified.
 * Everything under {@code dev.silk.core.internal} is implementation.
 *
 * <pre>{@code
 * SilkClient client = SilkClient.builder().baseUrl("https://node.example").build();
 * ChatCompletion answer = client.chat().completions().create(params);
 * }</pre>
 */
package dev.silk.core;
