/**
 * Spring Boot auto-configuration of a {@link dev.silk.core.SilkClient}: {@code silk.*}
 * properties ({@link dev.silk.spring.boot.SilkProperties}), a payment provider or attestation
 * policy bean when the application defines one, Micrometer observations when an
 * {@code ObservationRegistry} is there, and a {@code silk} health indicator.
 */
package dev.silk.spring.boot;
