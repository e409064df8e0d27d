/**
 * The client's typed exceptions, all unchecked and all {@link dev.silk.core.errors.SilkException}:
 * {@code BadRequestException}, {@code UnauthorizedException}, {@code PaymentRequiredException}, {@code RateLimitedException},
 * {@code NodeErrorException}, {@code VerificationException}, {@code SilkTimeoutException},
 * {@code SilkIoException}.
 */
package dev.silk.core.errors;
