/** Implementation details of sdk-crypto: not API, may change in any release. */
package dev.silk.crypto.internal;
