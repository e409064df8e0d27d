/**
 * The node's HTTP surface on Jetty: routing, the sealed chat route and its event stream, the
 * channel routes, bounded body reading, and the guards that run before any signature work.
 */
package dev.silk.node.http;
