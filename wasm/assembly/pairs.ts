/**
 * The querystring's `name=value` pairs, as spans of raw bytes (plus the decoded name), kept for
 * the whole line: parameters are applied from them, and the fingerprint hashes all of them.
 */
import { Char } from './chars';
import { isPlain, percentDecode } from './percent';
import { below, blockBits, findByte, splat } from './scan';
import { claimScratch, scratch } from './slots';
import { Param, paramIdOf } from './generated/contract';

/** Pairs kept per line; on a line with more (never seen from a tracker) the first this many are applied, and it is not fingerprinted. */
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
 * fingerprint's sort swaps them to order names), zero-padded, so names compare as one integer.
 * Made here, while each name is at hand; shapes (below) are keyed by them.
 */
export const namePrefixes: usize = memory.data(MAX_PAIRS * 8);
/** Per pair: the parameter its name is (index in PARAM_TABLE; fewer than 128), as an i8, -1 for none. */
const lineIds: usize = memory.data(MAX_PAIRS);
/** Per pair: its name's raw length (at most 8 on a line whose shape is cached). */
const nameLengths: usize = memory.data(MAX_PAIRS);
/** The current line's ids: `lineIds`, or those of its cached shape. */
let idsAt: usize = lineIds;
/** Whether a pair is `fx_d`, the data of Firn's URL-length extension (extension.ts). */
export let extensionData: bool = false;

/**
 * Shapes: a line's parameter names in order, with what follows from them alone — each pair's
 * parameter, whether one is `fx_d`, which pairs a logged line applies — and the fingerprint's plan
 * (fingerprint.ts). Trackers send the same names in the same order on every hit of a kind, so a
 * line whose names are those of a cached shape skips checking, decoding and looking up each name.
 * The shape of the last line with as many pairs is tried first, pair by pair against the line's
 * bytes (`nameAsShape`); otherwise a hit is the names' 8-byte prefixes and lengths compared, 16
 * bytes a step, at the place their hash picks. Only lines whose names are all plain (nothing
 * to decode) and at most 8 bytes are cached, so equal raw bytes are equal names; direct-mapped,
 * keyed by the hash of the prefixes. With 16 places two of the mixed bench log's four shapes
 * collided and were re-planned on every switch (-6 %); 64 places (50 KB) make that rare.
 */
const SHAPE_BITS: u64 = 6;
const SHAPES: u32 = 1 << <u32>SHAPE_BITS;
export const SHAPE_PAIRS: i32 = 64;
/** Per shape: u32 pair count, u8 whether a pair is `fx_d`, then (from 8) u64 prefixes, u8 name lengths, i8 ids, the plan. */
const SHAPE_PREFIXES: usize = 8;
const SHAPE_LENGTHS: usize = SHAPE_PREFIXES + <usize>SHAPE_PAIRS * 8;
const SHAPE_IDS: usize = SHAPE_LENGTHS + <usize>SHAPE_PAIRS;
/** Where a shape keeps the fingerprint's plan for its names. */
export const SHAPE_PLAN: usize = SHAPE_IDS + <usize>SHAPE_PAIRS;
/** The plan's bytes (fingerprint.ts): u32 settings generation, u32 kept count, kept pair indices (u8). */
const PLAN_BYTES: usize = 8 + <usize>SHAPE_PAIRS;
/**
 * Where a shape keeps which of its pairs a logged line applies, in order (`applyList`): u8 count,
 * the `url`, `page` and `refr` pairs the memos take instead (i8 each, -1 for none), then the
 * pairs' indices (u8).
 */
const SHAPE_APPLY: usize = SHAPE_PLAN + PLAN_BYTES;
const APPLY_BYTES: usize = 4 + <usize>SHAPE_PAIRS;
const SHAPE_BYTES: usize = SHAPE_APPLY + APPLY_BYTES;
/** Zeroed at start: an empty place matches only a line without pairs, whose ids and plan are empty too. */
const shapes: usize = memory.data(<i32>(SHAPES * <u32>SHAPE_BYTES));
/** Per pair count up to SHAPE_PAIRS: the shape of the last line with that many pairs (0: none yet), guessed first. */
const lastShapes: usize = memory.data((SHAPE_PAIRS + 1) * 4);
/** The current line's cached shape, or 0 when it cannot be cached. */
export let lineShape: usize = 0;

/**
 * The extent of the pair starting at `p` in a query ending at `end`: its end (its `&`, or the
 * query's end) in the low 32 bits, its name's end (its first `=`, or the pair's end) in the high
 * (`pairEndOf`, `nameEndOf`). Returned, not set in globals: V8 keeps a module global in memory,
 * so each would be a store and a load per pair.
 */
// @ts-ignore: decorator
@inline
export function nextPair(p: usize, end: usize): u64 {
  // most names, and many whole pairs, lie in the first 16 bytes: one load finds both ends there
  const v = v128.load(p);
  const amps = below(end, p, i8x16.bitmask(i8x16.eq(v, splat(<i8>Char.AMP))));
  const amp = amps != 0 ? p + <usize>ctz(amps) : findByte(p + 16, end, Char.AMP);
  const eqs = below(amp, p, i8x16.bitmask(i8x16.eq(v, splat(<i8>Char.EQUALS))));
  const eq = eqs != 0 ? p + <usize>ctz(eqs) : amp - p <= 16 ? amp : findByte(p + 16, amp, Char.EQUALS);
  return <u64>amp | (<u64>eq << 32);
}

// @ts-ignore: decorator
@inline
export function pairEndOf(extent: u64): usize {
  return <usize><u32>extent;
}
// @ts-ignore: decorator
@inline
export function nameEndOf(extent: u64): usize {
  return <usize>(extent >> 32);
}

/**
 * Splits `q` on `&` and each pair at its first `=` (base64 padding stays in the value); empty
 * tokens are skipped. Names are decoded (form decoding; `collapse` for text as logged) and
 * looked up, unless the line's shape is cached.
 *
 * Three steps, each a loop with few values live (V8 spills the rest, and keeps module globals
 * in memory): `spanPairs` finds the query's `&`s as bits of 64-byte blocks and records the spans
 * between them; `nameAsShape` names them as the last shape with as many pairs does, while the
 * line's bytes agree; the rest are named by their first `=`, found in their first vector (most
 * names are short), and the line's shape is looked up by their prefixes.
 */
export function collectPairs(q: usize, n: usize, collapse: bool): void {
  const count = spanPairs(q, q + n);
  const overflow = count > MAX_PAIRS;
  pairCount = overflow ? MAX_PAIRS : count;
  pairsOverflow = overflow;
  // then each pair's name, in loops with few values live each, which V8 keeps in registers: first
  // as the shape of the last line with as many pairs has them, while the line's bytes agree; then
  // found (a log's kinds of events have their own shapes, mostly of their own pair counts)
  const guess = pairCount <= SHAPE_PAIRS ? <usize>load<u32>(lastShapes + (<usize>pairCount << 2)) : 0;
  const named = guess != 0 && load<i32>(guess) == pairCount ? nameAsShape(guess, pairCount) : 0;
  if (named == pairCount && guess != 0) {
    lineShape = guess;
    idsAt = guess + SHAPE_IDS;
    extensionData = load<u8>(guess, 4) != 0;
    return;
  }
  let fit = true;
  for (let i = named, k = pairCount; i < k; i++) {
    const e = pairs + <usize>i * PAIR;
    const p = <usize>load<u32>(e);
    const pairEnd = <usize>load<u32>(e, 8);
    // most names lie in the pair's first 16 bytes: one load finds their `=`
    const eqs = below(pairEnd, p, i8x16.bitmask(i8x16.eq(v128.load(p), splat(Char.EQUALS))));
    const nameEnd = eqs != 0 ? p + <usize>ctz(eqs) : pairEnd - p <= 16 ? pairEnd : findByte(p + 16, pairEnd, Char.EQUALS);
    const nameLen = nameEnd - p;
    const v = load<u64>(p); // reads past a short name: masked off
    const prefix = nameLen >= 8 ? v : v & ((<u64>1 << (<u64>nameLen << 3)) - 1);
    store<u64>(namePrefixes + (<usize>i << 3), prefix);
    store<u8>(nameLengths + <usize>i, <u8>min<usize>(nameLen, 255));
    fit = fit & (nameLen <= 8);
    keepValue(e, nameLen, nameEnd < pairEnd ? nameEnd + 1 : pairEnd, pairEnd);
  }
  // the prefixes rotated and xor-ed, mixed once where the key is used (`shapeAt`)
  let key: u64 = 0;
  for (let i = 0; i < pairCount; i++) key = rotl<u64>(key, 11) ^ load<u64>(namePrefixes + (<usize>i << 3));
  const cacheable = fit && pairCount <= SHAPE_PAIRS;
  const s = cacheable ? findShape(key) : 0;
  if (s != 0) {
    lineShape = s;
    idsAt = s + SHAPE_IDS;
    extensionData = load<u8>(s, 4) != 0;
  } else {
    const plain = identify(collapse);
    lineShape = cacheable && plain ? keepShape(key) : 0;
  }
  if (lineShape != 0) store<u32>(lastShapes + (<usize>pairCount << 2), <u32>lineShape);
}

/** A pair record's name length and value (the pair's start and end were set by `spanPairs`). */
// @ts-ignore: decorator
@inline
function keepValue(e: usize, nameLen: usize, value: usize, pairEnd: usize): void {
  store<u32>(e, <u32>nameLen, 4);
  store<u32>(e, <u32>value, 8);
  store<u32>(e, <u32>(pairEnd - value), 12);
  store<u32>(e, 0, 16);
}

/**
 * Names the line's pairs as shape `s` names them, in order, while a pair's bytes start with the
 * shape's name there and then `=` (a shape's names are at most 8 bytes and hold no `=`, so that
 * name is the pair's); returns how many it named. Trackers send the same names line after line:
 * most lines are named here whole, without a search for each `=` nor a look-up of the shape.
 */
function nameAsShape(s: usize, count: i32): i32 {
  for (let i = 0; i < count; i++) {
    const e = pairs + <usize>i * PAIR;
    const p = <usize>load<u32>(e);
    const pairEnd = <usize>load<u32>(e, 8);
    const nameLen = <usize>load<u8>(s + SHAPE_LENGTHS + <usize>i);
    const prefix = load<u64>(s + SHAPE_PREFIXES + (<usize>i << 3));
    // all 8 bytes compared for an empty name: a pair's first byte is then `=`, never a match
    const mask = <u64>-1 >> (<u64>(8 - nameLen) << 3);
    if ((load<u64>(p) & mask) != prefix || p + nameLen >= pairEnd || load<u8>(p + nameLen) != Char.EQUALS) return i;
    store<u64>(namePrefixes + (<usize>i << 3), prefix);
    store<u8>(nameLengths + <usize>i, <u8>nameLen);
    keepValue(e, nameLen, p + nameLen + 1, pairEnd);
  }
  return count;
}

/**
 * The non-empty spans between the `&`s of [q, end) (the end counts as one more `&`), as the
 * pairs' start (offset 0) and end (offset 8), at most MAX_PAIRS of them; returns how many, or
 * MAX_PAIRS + 1 when there are more. The `&`s are found as bits of 64-byte blocks: a pair costs
 * no scan of its own (looking for each pair's `&` from its start, 16 bytes a step, took about
 * twice the instructions, and its loop's exits were mispredicted).
 */
function spanPairs(q: usize, end: usize): i32 {
  let count = 0;
  const amp = splat(Char.AMP);
  let p = q; // the current pair's start
  // blocks up to the one holding `end`, which counts as one more `&` there (it ends the last pair)
  for (let block = q; block <= end; block += 64) {
    let amps = blockBits(i8x16.eq(v128.load(block), amp), i8x16.eq(v128.load(block, 16), amp), i8x16.eq(v128.load(block, 32), amp), i8x16.eq(v128.load(block, 48), amp));
    const left = end - block;
    if (left < 64) amps = (amps & ((<u64>1 << <u64>left) - 1)) | (<u64>1 << <u64>left);
    while (amps != 0) {
      const pairEnd = block + <usize>ctz(amps);
      amps &= amps - 1;
      if (pairEnd > p) {
        if (count == MAX_PAIRS) return MAX_PAIRS + 1;
        const e = pairs + <usize>(count++) * PAIR;
        store<u32>(e, <u32>p);
        store<u32>(e, <u32>pairEnd, 8);
      }
      p = pairEnd + 1;
    }
  }
  return count;
}

/** The cached shape of the line's names (keyed by `key`, their prefixes' hash), or 0. */
function findShape(key: u64): usize {
  const s = shapeAt(key);
  const n = pairCount;
  if (load<i32>(s) != n) return 0;
  // prefixes two a step, lengths 16 a step, differences or-ed: no branch per name (one per name cost 5 %)
  const bytes = <usize>n << 3;
  let differ = i64x2.splat(0);
  for (let i: usize = 0; i < bytes; i += 16) {
    const d = v128.xor(v128.load(s + SHAPE_PREFIXES + i), v128.load(namePrefixes + i));
    differ = v128.or(differ, i + 16 <= bytes ? d : v128.and(d, i64x2(-1, 0)));
  }
  let lengths = 0;
  for (let i: usize = 0; i < <usize>n; i += 16) {
    const ne = i8x16.ne(v128.load(s + SHAPE_LENGTHS + i), v128.load(nameLengths + i));
    lengths |= below(<usize>n, i, i8x16.bitmask(ne));
  }
  return v128.any_true(differ) || lengths != 0 ? 0 : s;
}

// @ts-ignore: decorator
@inline
function shapeAt(key: u64): usize {
  // `collectPairs` only rotates and xors the prefixes together: one multiply mixes them, its top bits index
  return shapes + <usize>((key * 0xff51afd7ed558ccd) >> (64 - SHAPE_BITS)) * SHAPE_BYTES;
}

/**
 * Decodes each name that needs it and looks up its parameter; returns whether all names were
 * plain. A decoded name may hold a NUL byte, which its prefix would not tell from its end: such a
 * line's shape is not cached.
 */
function identify(collapse: bool): bool {
  let plain = true;
  extensionData = false;
  idsAt = lineIds;
  for (let i = 0; i < pairCount; i++) {
    let name = pairName(i);
    let nameLen = pairNameLen(i);
    let prefix = load<u64>(namePrefixes + (<usize>i << 3));
    if (!isPlain(name, nameLen, true)) {
      plain = false;
      const raw = name;
      name = scratch;
      const e = percentDecode(name, raw, nameLen, true, collapse);
      claimScratch(e);
      nameLen = e - name;
      const v = load<u64>(name);
      prefix = nameLen >= 8 ? v : v & ((<u64>1 << (<u64>nameLen << 3)) - 1);
      store<u64>(namePrefixes + (<usize>i << 3), prefix);
      const p = pairs + <usize>i * PAIR;
      store<u32>(p, <u32>name);
      store<u32>(p, <u32>nameLen, 4);
    }
    const id = paramIdOf(prefix, nameLen);
    store<i8>(lineIds + <usize>i, <i8>id);
    if (id == Param.fx_d) extensionData = true;
  }
  return plain;
}

/** Caches the line's shape (its names and ids) at its place; its fingerprint plan is made when first needed. */
function keepShape(key: u64): usize {
  const s = shapeAt(key);
  const n = <usize>pairCount;
  store<i32>(s, <i32>n);
  store<u8>(s, extensionData ? 1 : 0, 4);
  memory.copy(s + SHAPE_PREFIXES, namePrefixes, n << 3);
  memory.copy(s + SHAPE_LENGTHS, nameLengths, n);
  memory.copy(s + SHAPE_IDS, lineIds, n);
  store<u32>(s + SHAPE_PLAN, 0xffffffff); // no plan yet
  keepApplyList(s + SHAPE_APPLY, n);
  idsAt = s + SHAPE_IDS;
  return s;
}

/**
 * The parameters the memos take instead of their pairs being applied, keyed by their raw bytes
 * (enrich.ts `defer`): 0 the page URL, 1 its title, 2 the referrer; -1 any other.
 */
// @ts-ignore: decorator
@inline
export function deferredAs(id: i32): i32 {
  return id == Param.url ? 0 : id == Param.page ? 1 : id == Param.refr ? 2 : -1;
}

/**
 * A logged line's pairs to apply, which follow from its names alone: those that are a parameter,
 * in query order, but for the page URL, title and referrer, which the memos take (enrich.ts
 * `defer`: the last of each counts).
 */
function keepApplyList(list: usize, n: usize): void {
  let count: usize = 0;
  store<u32>(list, 0xffffff00); // no pairs yet, no page URL, title nor referrer (-1 each)
  for (let i: usize = 0; i < n; i++) {
    const id = <i32>load<i8>(lineIds + i);
    if (id < 0) continue;
    const which = deferredAs(id);
    if (which >= 0) store<i8>(list + 1 + <usize>which, <i8>i);
    else store<u8>(list + 4 + count++, <u8>i);
  }
  store<u8>(list, <u8>count);
}

/** The current line's apply list when its shape is cached (`keepApplyList`), or 0. */
export function applyList(): usize {
  return lineShape != 0 ? lineShape + SHAPE_APPLY : 0;
}

/** No pairs (a line without a querystring). */
export function clearPairs(): void {
  pairCount = 0;
  pairsOverflow = false;
  extensionData = false;
  lineShape = 0;
}

/** The parameter pair `i` is (index in PARAM_TABLE), or -1 for a name that is none. */
// @ts-ignore: decorator
@inline
export function pairId(i: i32): i32 {
  return <i32>load<i8>(idsAt + <usize>i);
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
