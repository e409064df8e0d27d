/** Errors that nodes sign, so that clients can trust their codes and Retry-After (spec-v1 §5, §9). */
package dev.silk.crypto.error;
