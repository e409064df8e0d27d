/**
 * The COCOON test proxy: a named reference part that speaks COCOON's proxy protocol over RA-TLS
 * with an echo model, so that native COCOON clients are tested on one machine; checked against
 * the real COCOON router where it runs.
 */
package dev.silk.cocoon.testproxy;
