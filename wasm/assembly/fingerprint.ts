/**
 * event_fingerprint (enrichments.md §10): a hash (XXH3 128 by default; MurmurHash3 x64 128, Firn's
 * earlier default, or the classic ETL's MD5 when configured) over the decoded parameters sorted
 * by name, each as `name` U+001F `value` U+001F, leaving out the configured names (default `eid`,
 * `stm`, so a resent event keeps its fingerprint). For duplicate names the last value counts, as
 * in the classic ETL's parameter map. Checked against the six fixture fingerprints.
 */
import { append, appendValue } from './scan';
import { Flag, MAX_ENTRIES, bytesEqual, configGeneration, enabled, fingerprintExcludeCount, fingerprintExcludes } from './config';
import { h1, h2, hashBegin, hashEnd, hashUpdate, writeHashHex } from './hash';
import { Col } from './generated/contract';
import { tmpBuf } from './layout';
import { md5Hex, md5Init, md5Update } from './md5';
import { xxh128, xxhHigh, xxhLow } from './xxh3';
import { MAX_PAIRS, SHAPE_PLAN, lineShape, namePrefixes as prefixes, pairCount, pairDecoded, pairDecodedLen, pairName, pairNameLen, pairValue, pairValueLen } from './pairs';
import { percentDecode } from './percent';
import { PRIO_LOG, claimScratch, scratch, setSlot } from './slots';

const UNIT_SEPARATOR: u8 = 0x1f;
/** Pair indices, sorted by name. */
const order: usize = memory.data(MAX_PAIRS * 4);
// @ts-ignore: decorator
@inline
function compareNames(a: i32, b: i32): i32 {
  const pa = load<u64>(prefixes + (<usize>a << 3));
  const pb = load<u64>(prefixes + (<usize>b << 3));
  // prefixes are little-endian, as loaded: byte-swapped, they compare as the names' bytes in order
  if (pa != pb) return bswap<u64>(pa) < bswap<u64>(pb) ? -1 : 1;
  const an = pairNameLen(a);
  const bn = pairNameLen(b);
  const c = memory.compare(pairName(a), pairName(b), min(an, bn));
  return c != 0 ? c : <i32>an - <i32>bn;
}

/** Whether pair `i` is left out: names of up to 8 bytes compare as their prefix and length. */
function excluded(i: i32): bool {
  const n = pairNameLen(i);
  const prefix = load<u64>(prefixes + (<usize>i << 3));
  for (let e = 0; e < fingerprintExcludeCount; e++) {
    const x = fingerprintExcludes + (<usize>e << 3);
    const xn = <usize>load<u32>(x, 4);
    if (xn != n) continue;
    if (n <= 8 ? load<u64>(excludePrefixes + (<usize>e << 3)) == prefix : bytesEqual(pairName(i), n, <usize>load<u32>(x), xn)) return true;
  }
  return false;
}

/** The exclusions' prefixes, computed once per settings. */
const excludePrefixes: usize = memory.data(MAX_ENTRIES * 8);
let excludePrefixesFor: u32 = 0xffffffff;

function prepareExcludes(): void {
  if (excludePrefixesFor == configGeneration) return;
  for (let e = 0; e < fingerprintExcludeCount; e++) {
    const x = fingerprintExcludes + (<usize>e << 3);
    const p = <usize>load<u32>(x);
    const n = <usize>load<u32>(x, 4);
    let v: u64 = 0;
    for (let k: usize = 0; k < min<usize>(n, 8); k++) v |= <u64>load<u8>(p + k) << (<u64>k << 3);
    store<u64>(excludePrefixes + (<usize>e << 3), v);
  }
  excludePrefixesFor = configGeneration;
}

/**
 * Plans: which pairs to hash, in name order (duplicates but the last, and excluded names, left
 * out): u32 settings generation, u32 kept count, kept pair indices (u8). Trackers send the same
 * names in the same order on every hit of a kind, so a line whose shape is cached (pairs.ts) keeps
 * its plan there and most lines skip the sort. Lines with more than SHAPE_PAIRS pairs, a name
 * longer than 8 bytes (none of the protocol's) or an escaped name are planned afresh.
 */
const fresh: usize = memory.data(8 + MAX_PAIRS);

@inline function keptAt(p: usize): usize {
  return p + 8;
}

/** The current line's plan. */
function planFor(n: i32): usize {
  const shape = lineShape;
  if (shape == 0) {
    plan(n, fresh);
    return fresh;
  }
  const p = shape + SHAPE_PLAN;
  if (load<u32>(p) != configGeneration) {
    plan(n, p);
    store<u32>(p, configGeneration);
  }
  return p;
}

/** Sorts the pairs by name and writes the ones to hash into plan `p`. */
function plan(n: i32, p: usize): void {
  prepareExcludes();
  // insertion sort, stable: equal names keep query order, so the last of a run is the last sent
  for (let i = 0; i < n; i++) {
    let j = i;
    while (j > 0 && compareNames(load<i32>(order + (<usize>(j - 1) << 2)), i) > 0) {
      store<i32>(order + (<usize>j << 2), load<i32>(order + (<usize>(j - 1) << 2)));
      j--;
    }
    store<i32>(order + (<usize>j << 2), i);
  }
  let count: u32 = 0;
  for (let k = 0; k < n; k++) {
    const i = load<i32>(order + (<usize>k << 2));
    if (k + 1 < n && compareNames(i, load<i32>(order + (<usize>(k + 1) << 2))) == 0) continue; // a later duplicate wins
    if (excluded(i)) continue;
    store<u8>(keptAt(p) + <usize>(count++), <u8>i);
  }
  store<u32>(p, count, 4);
}

/**
 * `collapse`: whether values are as CloudFront logged them (false for a Firn extension payload).
 * The hashed text is laid out once in the tmp buffer and hashed in one pass over whole blocks.
 */
export function fillFingerprint(collapse: bool): void {
  const n = pairCount;
  const p = planFor(n);
  const count = load<u32>(p, 4);
  let dst = tmpBuf;
  for (let k: u32 = 0; k < count; k++) {
    const i = <i32>load<u8>(keptAt(p) + <usize>k);
    const nameLen = pairNameLen(i);
    // a name of up to 8 bytes is its prefix (the protocol's all are): one store, no loop
    if (nameLen <= 8) store<u64>(dst, load<u64>(prefixes + (<usize>i << 3)));
    else append(dst, pairName(i), nameLen);
    dst += nameLen;
    store<u8>(dst++, UNIT_SEPARATOR);
    const decoded = pairDecoded(i);
    if (decoded != 0) {
      // decoded already, exactly, when its parameter was applied
      const dn = pairDecodedLen(i);
      appendValue(dst, decoded, dn);
      dst += dn;
    } else dst = percentDecode(dst, pairValue(i), pairValueLen(i), true, collapse);
    store<u8>(dst++, UNIT_SEPARATOR);
  }
  const out = scratch;
  if (enabled(Flag.fingerprintMd5)) {
    md5Init();
    md5Update(tmpBuf, dst - tmpBuf);
    claimScratch(md5Hex(out));
  } else if (enabled(Flag.fingerprintMurmur3)) {
    hashBegin(0);
    hashUpdate(tmpBuf, dst - tmpBuf);
    hashEnd();
    claimScratch(writeHashHex(out, h1, h2));
  } else {
    xxh128(tmpBuf, dst - tmpBuf);
    claimScratch(writeHashHex(out, xxhHigh, xxhLow));
  }
  setSlot(Col.event_fingerprint, out, 32, PRIO_LOG);
}
