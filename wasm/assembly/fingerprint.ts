/**
 * event_fingerprint (enrichments.md §10): a hash (XXH3 128 by default; MurmurHash3 x64 128, Firn's
 * earlier default, or the classic ETL's MD5 when configured) over the decoded parameters sorted
 * by name, each as `name` U+001F `value` U+001F, leaving out the configured names (default `eid`,
 * `stm`, so a resent event keeps its fingerprint). For duplicate names the last value counts, as
 * in the classic ETL's parameter map. Checked against the six fixture fingerprints.
 */
import { append } from './scan';
import { Flag, MAX_ENTRIES, bytesEqual, configGeneration, enabled, fingerprintExcludeCount, fingerprintExcludes } from './config';
import { h1, h2, hashBegin, hashEnd, hashUpdate, writeHashHex } from './hash';
import { Col } from './generated/contract';
import { tmpBuf } from './layout';
import { md5Hex, md5Init, md5Update } from './md5';
import { xxh128, xxhHigh, xxhLow } from './xxh3';
import { MAX_PAIRS, namePrefixes as prefixes, namesFit, namesKey, pairCount, pairDecoded, pairDecodedLen, pairName, pairNameLen, pairValue, pairValueLen } from './pairs';
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
 * out). Trackers send the same names in the same order on every hit of a kind, so plans are
 * cached by the line's names (direct-mapped, keyed by the hash of the names' 8-byte prefixes that
 * pairs.ts makes while collecting them, checked against the stored prefixes) and most lines skip
 * the sort. A prefix is its name: cached lines' names are at most 8 bytes of printable ASCII
 * (pairs.ts `namesFit`), so none holds a NUL byte, and the prefix's first zero byte is its
 * name's end. Lines with more than PLANNED_PAIRS pairs, a name longer than 8 bytes (none of the
 * protocol's) or an escaped name are planned afresh.
 */
/** Direct-mapped: with 16 places two of the mixed bench log's four shapes collided and re-sorted on every switch (-6 %); 64 places (42 KB) make that rare. */
const PLAN_BITS: u64 = 6;
const PLANS: u32 = 1 << <u32>PLAN_BITS;
const PLANNED_PAIRS: i32 = 64;
/** Per plan: u32 pair count, u32 settings generation, u32 kept count, kept indices (u8), name prefixes (u64). */
const PLAN_BYTES: usize = 12 + <usize>PLANNED_PAIRS * 9;
/** Zeroed at start: an empty place matches only a line without pairs, whose plan is empty too. */
const plans: usize = memory.data(<i32>(PLANS * <u32>PLAN_BYTES));
/** The plan of a line that cannot be cached. */
const fresh: usize = memory.data(<i32>(12 + MAX_PAIRS));

@inline function keptAt(p: usize): usize {
  return p + 12;
}

/** The current line's plan. */
function planFor(n: i32, cacheable: bool): usize {
  if (!cacheable || n > PLANNED_PAIRS) {
    plan(n, fresh);
    return fresh;
  }
  // keyed by the prefixes, which tell the names (see above); pairs.ts only rotates and xors them
  // together: one multiply mixes them, its top bits index
  const p = plans + <usize>((namesKey * 0xff51afd7ed558ccd) >> (64 - PLAN_BITS)) * PLAN_BYTES;
  const names = keptAt(p) + <usize>PLANNED_PAIRS;
  const bytes = <usize>n << 3;
  if (load<i32>(p) == n && load<u32>(p, 4) == configGeneration) {
    // two prefixes per step, differences or-ed together: no branch per name (one per name cost 5 %)
    let differ = i64x2.splat(0);
    for (let i: usize = 0; i < bytes; i += 16) {
      const d = v128.xor(v128.load(names + i), v128.load(prefixes + i));
      differ = v128.or(differ, i + 16 <= bytes ? d : v128.and(d, i64x2(-1, 0)));
    }
    if (!v128.any_true(differ)) return p;
  }
  plan(n, p);
  store<i32>(p, n);
  store<u32>(p, configGeneration, 4);
  memory.copy(names, prefixes, bytes);
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
  store<u32>(p, count, 8);
}

/**
 * `collapse`: whether values are as CloudFront logged them (false for a Firn extension payload).
 * The hashed text is laid out once in the tmp buffer and hashed in one pass over whole blocks.
 */
export function fillFingerprint(collapse: bool): void {
  const n = pairCount;
  const p = planFor(n, namesFit);
  const count = load<u32>(p, 8);
  let dst = tmpBuf;
  for (let k: u32 = 0; k < count; k++) {
    const i = <i32>load<u8>(keptAt(p) + <usize>k);
    const nameLen = pairNameLen(i);
    append(dst, pairName(i), nameLen);
    dst += nameLen;
    store<u8>(dst++, UNIT_SEPARATOR);
    const decoded = pairDecoded(i);
    if (decoded != 0) {
      // decoded already, exactly, when its parameter was applied
      const dn = pairDecodedLen(i);
      append(dst, decoded, dn);
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
