/**
 * Intel TDX services a client or node reaches over the network: {@link dev.silk.core.tdx.IntelPcs}
 * fetches the collateral that TCB status is read from.
 */
package dev.silk.core.tdx;
