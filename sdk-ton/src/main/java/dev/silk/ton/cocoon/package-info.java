/**
 * COCOON's contracts as Silk's native COCOON client needs them: the root config read from the
 * root contract ({@link dev.silk.ton.cocoon.CocoonRoot}), the proxy and client contracts'
 * addresses ({@link dev.silk.ton.cocoon.CocoonContracts}), the client contract's messages and
 * state, the proxy's signed charges, and {@link dev.silk.ton.cocoon.TonCocoonAccount}, which pays
 * COCOON proxies from a TON wallet. Layouts follow COCOON's C++ ({@code runners/smartcontracts})
 * and are checked against real mainnet cells.
 */
package dev.silk.ton.cocoon;
