/**
 * Implementation of native COCOON: the RA-TLS connection, the proxy session and its TL
 * messages, and the gateway that turns OpenAI requests into COCOON queries. Not API.
 */
package dev.silk.core.internal.cocoon;
