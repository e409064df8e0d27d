/**
 * Implementation: a Silk node over HTTP, shared by the transports and discovery: the node's
 * Retrofit API, a node's verified descriptor and its cache, the mapping of HTTP answers and
 * signed errors to typed exceptions, event streams, and the mark that tells whether an attempt's
 * bytes may have reached the node. Not API.
 */
package dev.silk.core.internal.node;
