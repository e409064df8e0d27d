/**
 * The {@code silk} command line ({@link dev.silk.examples.cli.SilkCli}): chat, stream,
 * descriptor and receipt checks against a node, with documented exit codes.
 */
package dev.silk.examples.cli;
