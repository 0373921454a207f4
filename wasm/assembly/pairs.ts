/**
 * The querystring's `name=value` pairs, as spans of raw bytes (plus the decoded name), kept for
 * the whole line: parameters are applied from them, and the fingerprint hashes all of them.
 */
import { Char } from './chars';
import { isPlain, percentDecode } from './percent';
import { below, findByte } from './scan';
import { claimScratch, scratch } from './slots';
import { Param, paramIdOf } from './generated/contract';

/** Pairs kept per line; more than this (never seen from a tracker) are still applied but not fingerprinted. */
export const MAX_PAIRS: i32 = 256;
/**
 * Per pair (24 bytes): u32 name pointer, u32 name length (decoded), u32 value pointer, u32 value
 * length (raw), then the value's exact decoding when a parameter kind already made it (pointer,
 * length; pointer 0: not decoded yet) — the fingerprint reuses it instead of decoding again.
 */
export const pairs: usize = memory.data(MAX_PAIRS * 24);
const PAIR: usize = 24;
export let pairCount: i32 = 0;
/** True when the query had more than MAX_PAIRS pairs. */
export let pairsOverflow: bool = false;
/**
 * Per pair: the first 8 bytes of its decoded name, little-endian as one load reads them (the
 * fingerprint's sort swaps them to order names), zero-padded, so names compare as one integer;
 * and, over all of them, a key and whether every name fits in its prefix and is told by it (at
 * most 8 bytes, none escaped: plain names hold no NUL byte). The
 * fingerprint (fingerprint.ts) sorts by them and keys its cached plans by them; they are made
 * here, while each name is at hand, instead of in another pass over the pairs.
 */
export const namePrefixes: usize = memory.data(MAX_PAIRS * 8);
export let namesKey: u64 = 0;
export let namesFit: bool = true;
/** Per pair: the parameter its name is (index in PARAM_TABLE), or -1. */
const pairIds: usize = memory.data(MAX_PAIRS * 4);
/** Whether a pair is `fx_d`, the data of Firn's URL-length extension (extension.ts). */
export let extensionData: bool = false;

/** Set by `nextPair`: the end of the pair (its `&`, or the query's end) and of its name (its first `=`, or the pair's end). */
export let pairEnd: usize = 0;
export let nameEnd: usize = 0;

/** Finds the extent of the pair starting at `p` in a query ending at `end`. */
// @ts-ignore: decorator
@inline
export function nextPair(p: usize, end: usize): void {
  // most names, and many whole pairs, lie in the first 16 bytes: one load finds both ends there
  const v = v128.load(p);
  const amps = below(end, p, i8x16.bitmask(i8x16.eq(v, i8x16.splat(<i8>Char.AMP))));
  const amp = amps != 0 ? p + <usize>ctz(amps) : findByte(p + 16, end, Char.AMP);
  pairEnd = amp;
  const eqs = below(amp, p, i8x16.bitmask(i8x16.eq(v, i8x16.splat(<i8>Char.EQUALS))));
  nameEnd = eqs != 0 ? p + <usize>ctz(eqs) : amp - p <= 16 ? amp : findByte(p + 16, amp, Char.EQUALS);
}

/**
 * Splits `q` on `&` and each pair at its first `=` (base64 padding stays in the value); empty
 * tokens are skipped. Names are decoded now (form decoding; `collapse` for text as logged).
 */
export function collectPairs(q: usize, n: usize, collapse: bool): void {
  pairCount = 0;
  pairsOverflow = false;
  namesKey = 0;
  namesFit = true;
  extensionData = false;
  const end = q + n;
  let p = q;
  while (p < end) {
    nextPair(p, end);
    const amp = pairEnd;
    if (amp > p) {
      if (pairCount == MAX_PAIRS) {
        pairsOverflow = true;
        return;
      }
      const eq = nameEnd;
      let name = p;
      let nameLen = eq - p;
      if (!isPlain(p, nameLen, true)) {
        namesFit = false; // a decoded name may hold a NUL byte, which its prefix would not tell from its end
        name = scratch;
        const nameEnd = percentDecode(name, p, nameLen, true, collapse);
        claimScratch(nameEnd);
        nameLen = nameEnd - name;
      }
      const v = load<u64>(name); // reads past a short name: masked off
      const prefix = nameLen >= 8 ? v : v & ((<u64>1 << (<u64>nameLen << 3)) - 1);
      store<u64>(namePrefixes + (<usize>pairCount << 3), prefix);
      // rotated and xor-ed, mixed once where it is used (fingerprint.ts): a multiply per pair put
      // its latency on every pair (-2 %)
      namesKey = rotl<u64>(namesKey, 11) ^ prefix;
      if (nameLen > 8) namesFit = false;
      const id = paramIdOf(prefix, nameLen);
      store<i32>(pairIds + (<usize>pairCount << 2), id);
      if (id == Param.fx_d) extensionData = true;
      const value = eq < amp ? eq + 1 : amp;
      const e = pairs + <usize>(pairCount++) * PAIR;
      store<u32>(e, <u32>name);
      store<u32>(e, <u32>nameLen, 4);
      store<u32>(e, <u32>value, 8);
      store<u32>(e, <u32>(amp - value), 12);
      store<u32>(e, 0, 16);
    }
    p = amp + 1;
  }
}

/** No pairs (a line without a querystring). */
export function clearPairs(): void {
  pairCount = 0;
  pairsOverflow = false;
  namesKey = 0;
  namesFit = true;
  extensionData = false;
}

/** The parameter pair `i` is (index in PARAM_TABLE), or -1 for a name that is none. */
// @ts-ignore: decorator
@inline
export function pairId(i: i32): i32 {
  return load<i32>(pairIds + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline
export function pairName(i: i32): usize {
  return <usize>load<u32>(pairs + <usize>i * PAIR);
}
// @ts-ignore: decorator
@inline
export function pairNameLen(i: i32): usize {
  return <usize>load<u32>(pairs + <usize>i * PAIR, 4);
}
// @ts-ignore: decorator
@inline
export function pairValue(i: i32): usize {
  return <usize>load<u32>(pairs + <usize>i * PAIR, 8);
}
// @ts-ignore: decorator
@inline
export function pairValueLen(i: i32): usize {
  return <usize>load<u32>(pairs + <usize>i * PAIR, 12);
}

/** Records the exact decoding of pair `i`'s value. */
export function setPairDecoded(i: i32, p: usize, n: usize): void {
  const e = pairs + <usize>i * PAIR;
  store<u32>(e, <u32>p, 16);
  store<u32>(e, <u32>n, 20);
}
// @ts-ignore: decorator
@inline
export function pairDecoded(i: i32): usize {
  return <usize>load<u32>(pairs + <usize>i * PAIR, 16);
}
// @ts-ignore: decorator
@inline
export function pairDecodedLen(i: i32): usize {
  return <usize>load<u32>(pairs + <usize>i * PAIR, 20);
}
