/**
 * The node's embedded SQLite store, reopened after a full disk.
 */
package dev.silk.node.store;
