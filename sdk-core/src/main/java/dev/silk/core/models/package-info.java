/**
 * The models a node or a COCOON runner serves: {@code client.models().list()}.
 */
package dev.silk.core.models;
