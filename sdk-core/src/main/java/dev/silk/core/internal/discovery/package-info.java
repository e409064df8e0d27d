/**
 * Implementation of node sources: a fixed list and a signed registry. Not API.
 */
package dev.silk.core.internal.discovery;
