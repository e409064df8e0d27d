/**
 * Intel TDX verification in pure Java (spec-v1 §8.2): quote parsing, the PCK chain to Intel's
 * root, TCB evaluation with Intel's collateral and CRLs, and the measurements a policy pins.
 */
package dev.silk.crypto.attestation.tdx;
