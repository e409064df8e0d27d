/** The reference node's Oblivious HTTP relay role ({@code --role relay}). */
package dev.silk.node.relay;
