// Executes the messages sdk-ton built (see ConformanceVectorsTest) in @ton/sandbox, TON's own
// TVM emulator running the same wallet and payment-channel code, and cross-checks addresses and
// signatures with @ton/ton and @ton/crypto, whose cells are built here independently of ton4j.
// Usage: node check.mjs ../target/ton-conformance.json   (exit code 0 only if everything holds)
import { readFileSync } from 'node:fs';
import { Address, Cell, beginCell, contractAddress, loadMessage, loadStateInit, toNano } from '@ton/core';
import { signVerify } from '@ton/crypto';
import { Blockchain } from '@ton/sandbox';
import { WalletContractV4, WalletContractV5R1 } from '@ton/ton';

const v = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let failures = 0;
let checks = 0;
function check(what, ok, detail = '') {
  checks++;
  if (ok) {
    console.log(`ok   ${what}`);
  } else {
    failures++;
    console.log(`FAIL ${what} ${detail}`);
  }
}
const cell = (b64) => Cell.fromBase64(b64);
const addr = (raw) => Address.parseRaw(raw);

/**
 * Every transaction of a send succeeded: its compute phase ran with exit code 0 and it was not
 * aborted; a plain transfer to an account without code (compute phase skipped) counts as success.
 */
function allSucceeded(result) {
  return result.transactions.every((tx) => {
    const d = tx.description;
    if (d.type !== 'generic') return true;
    if (d.computePhase.type === 'skipped') return true;
    return !d.aborted && d.computePhase.success && d.computePhase.exitCode === 0;
  });
}
function exitCodes(result) {
  return result.transactions.map((tx) => tx.description.computePhase?.exitCode ?? '-').join(',');
}

// ---- wallets: addresses from @ton/ton, then the Java-built deploying transfer executed ----
const publicKey = Buffer.from(v.walletPublicKey, 'hex');
const expected = {
  v4r2: WalletContractV4.create({ workchain: 0, publicKey }).address,
  v5r1: WalletContractV5R1.create({ workchain: 0, publicKey }).address,
};
for (const version of ['v4r2', 'v5r1']) {
  const w = v.wallets[version];
  check(`${version} address equals @ton/ton's`, addr(w.address).equals(expected[version]),
    `${w.address} vs ${expected[version].toRawString()}`);
  const chain = await Blockchain.create();
  chain.now = v.validUntil - 30;
  const funder = await chain.treasury('funder');
  await funder.send({ to: addr(w.address), value: toNano('3'), bounce: false });
  let result;
  try {
    result = await chain.sendMessage(loadMessage(cell(w.deployAndTransfer).beginParse()));
  } catch (e) {
    // The emulator throws when the wallet refuses an external message (bad signature, no funds).
    result = { transactions: [], refused: String(e.message ?? e).split('\n')[0] };
  }
  check(`${version} deploying transfer executes`, !result.refused && allSucceeded(result),
    result.refused ?? exitCodes(result));
  const received = result.transactions.find((tx) => tx.inMessage?.info.dest?.equals?.(addr(v.destination)));
  check(`${version} destination receives 1 TON`, received?.inMessage.info.value.coins === toNano('1'));
  const comment = received?.inMessage.body.beginParse();
  check(`${version} with the comment`, comment && comment.loadUint(32) === 0 && comment.loadStringTail() === 'silk');
  const state = (await chain.getContract(addr(w.address))).accountState;
  check(`${version} wallet is deployed`, state?.type === 'active');
}

// ---- payment channel ----
const c = v.channel;
const channelAddress = addr(c.address);
const init = loadStateInit(cell(c.stateInit).beginParse());
check('channel address is its StateInit hash', contractAddress(0, init).equals(channelAddress));

// Independent semi-channel state cells: tag, channel id, own body, ^counterparty body.
const keyA = Buffer.from(c.keyA, 'hex');
for (const s of c.states) {
  const body = (seqno, sent) => beginCell().storeUint(seqno, 64).storeCoins(sent).storeBit(false);
  const state = beginCell().storeUint(0x43685374, 32).storeUint(BigInt(c.id), 128)
    .storeBuilder(body(s.seqnoA, BigInt(s.sentA)))
    .storeMaybeRef(body(s.seqnoB, BigInt(s.sentB)).endCell()).endCell();
  check(`state #${s.seqnoA}: A's signature verifies over an independently built cell`,
    signVerify(state.hash(), Buffer.from(s.signatureA, 'hex'), keyA));
  const signed = cell(s.signedA).beginParse();
  signed.loadBuffer(64);
  check(`state #${s.seqnoA}: the signed cell carries that state`, signed.asCell().hash().equals(state.hash()));
}

const chain = await Blockchain.create();
chain.now = 1_800_000_000;
const a = await chain.treasury('party-a');
const b = await chain.treasury('party-b');
async function channelState() {
  const r = await chain.runGetMethod(channelAddress, 'get_channel_state', []);
  return r.stackReader.readNumber();
}
async function channelData() {
  const r = await chain.runGetMethod(channelAddress, 'get_channel_data', []);
  const s = r.stackReader;
  const state = s.readNumber();
  const balances = s.readTuple();
  const keys = s.readTuple();
  const id = s.readBigNumber();
  s.readTuple();
  const seqnos = s.readTuple();
  return { state, balanceA: balances.readBigNumber(), balanceB: balances.readBigNumber(),
    keyA: keys.readBigNumber(), id, seqnoA: seqnos.readNumber(), seqnoB: seqnos.readNumber() };
}
async function send(from, body, value, withInit = false) {
  return from.send({ to: channelAddress, value, bounce: true, init: withInit ? init : undefined, body: cell(body) });
}

let r = await send(a, c.topUpA, BigInt(c.depositA) + toNano('0.1'), true);
check('deploy with A\'s top-up', allSucceeded(r), exitCodes(r));
r = await send(b, c.topUpB, BigInt(c.depositB) + toNano('0.1'));
check('B\'s top-up', allSucceeded(r), exitCodes(r));
let data = await channelData();
check('data: keys and channel id as configured', data.keyA === BigInt('0x' + c.keyA) && data.id === BigInt(c.id));
check('uninited before init', data.state === 0);
r = await send(a, c.initByA, toNano('0.05'));
check('init signed by A', allSucceeded(r), exitCodes(r));
data = await channelData();
check('open with both deposits', data.state === 1 && data.balanceA === BigInt(c.depositA)
  && data.balanceB === BigInt(c.depositB), JSON.stringify(data, (k, x) => typeof x === 'bigint' ? x.toString() : x));
r = await send(a, c.initByA, toNano('0.05'));
check('a second init is refused', !allSucceeded(r));

const open = chain.snapshot();

r = await send(b, c.commit, toNano('0.05'));
check('cooperative commit (both signatures)', allSucceeded(r), exitCodes(r));
data = await channelData();
check('committed seqnos 3/1', data.seqnoA === 3 && data.seqnoB === 1);
r = await send(b, c.commit, toNano('0.05'));
check('the same commit again is refused (seqnos must grow)', !allSucceeded(r));
r = await send(a, c.cooperativeClose, toNano('0.05'));
check('cooperative close', allSucceeded(r), exitCodes(r));
const paidTo = (raw) => r.transactions.filter((tx) => tx.inMessage?.info.dest?.equals?.(addr(raw)))
  .reduce((sum, tx) => sum + tx.inMessage.info.value.coins, 0n);
const gotA = paidTo(c.addressA);
const gotB = paidTo(c.addressB);
check('B paid its final balance (less forwarding fees)', gotB <= BigInt(c.finalB) && gotB > BigInt(c.finalB) - toNano('0.01'),
  `${gotB} vs ${c.finalB}`);
check('A paid the rest (at least its final balance less fees)', gotA > BigInt(c.finalA) - toNano('0.01'), `${gotA} vs ${c.finalA}`);
check('channel is uninited (closed) afterwards', (await channelState()) === 0);

await chain.loadFrom(open);
r = await send(a, c.startUncooperativeByA, toNano('0.05'));
check('A starts an uncooperative close with an outdated state', allSucceeded(r), exitCodes(r));
check('closure started', (await channelState()) === 2);
r = await send(b, c.challengeByB, toNano('0.05'));
check('B challenges with the newest state', allSucceeded(r), exitCodes(r));
r = await send(a, c.finishUncooperative, toNano('0.05'));
check('finishing during quarantine is refused', !allSucceeded(r));
chain.now = 1_800_000_000 + 1800 + 600 + 1;
r = await send(b, c.finishUncooperative, toNano('0.05'));
check('finish after quarantine and conditional-close time', allSucceeded(r), exitCodes(r));
const expectedB = BigInt(c.depositB) + 300_000_000n + BigInt(c.fine);
const finishB = r.transactions.filter((tx) => tx.inMessage?.info.dest?.equals?.(addr(c.addressB)))
  .reduce((sum, tx) => sum + tx.inMessage.info.value.coins, 0n);
check('B receives the newest payment plus A\'s fine', finishB <= expectedB && finishB > expectedB - toNano('0.01'),
  `${finishB} vs ${expectedB}`);

console.log(`\n${checks - failures}/${checks} conformance checks passed`);
process.exit(failures === 0 ? 0 : 1);
