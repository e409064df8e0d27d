/**
 * Implementation of the client: the request core, the sealed transport and its streams, node
 * selection and failover. Not API: it changes without notice.
 */
package dev.silk.core.internal;
