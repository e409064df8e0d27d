/**
 * Implementation of sdk-ton: contract cells, wallet messages, exact amounts and the ton4j
 * bridge. Not API.
 */
package dev.silk.ton.internal;
