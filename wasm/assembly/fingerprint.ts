/**
 * event_fingerprint (enrichments.md §10): MD5 over the decoded parameters sorted by name, each as
 * `name` U+001F `value` U+001F, leaving out the configured names (default `eid`, `stm`, so a
 * resent event keeps its fingerprint). For duplicate names the last value counts, as in the
 * classic ETL's parameter map. Checked against the six fixture fingerprints.
 */
import { bytesEqual, fingerprintExcludeCount, fingerprintExcludes } from './config';
import { Col } from './generated/contract';
import { tmpBuf } from './layout';
import { md5Hex, md5Init, md5Byte, md5Update } from './md5';
import { MAX_PAIRS, pairCount, pairName, pairNameLen, pairValue, pairValueLen } from './pairs';
import { isPlain, percentDecode } from './percent';
import { PRIO_LOG, claimScratch, scratch, setSlot } from './slots';

const UNIT_SEPARATOR: u8 = 0x1f;
/** Pair indices, sorted by name. */
const order: usize = memory.data(MAX_PAIRS * 4);

function compareNames(a: i32, b: i32): i32 {
  const an = pairNameLen(a);
  const bn = pairNameLen(b);
  const c = memory.compare(pairName(a), pairName(b), min(an, bn));
  return c != 0 ? c : <i32>an - <i32>bn;
}

function excluded(i: i32): bool {
  for (let e = 0; e < fingerprintExcludeCount; e++) {
    const x = fingerprintExcludes + (<usize>e << 3);
    if (bytesEqual(pairName(i), pairNameLen(i), <usize>load<u32>(x), <usize>load<u32>(x, 4))) return true;
  }
  return false;
}

/** `collapse`: whether values are as CloudFront logged them (false for a Firn extension payload). */
export function fillFingerprint(collapse: bool): void {
  const n = pairCount;
  // insertion sort, stable: equal names keep query order, so the last of a run is the last sent
  for (let i = 0; i < n; i++) {
    let j = i;
    while (j > 0 && compareNames(load<i32>(order + (<usize>(j - 1) << 2)), i) > 0) {
      store<i32>(order + (<usize>j << 2), load<i32>(order + (<usize>(j - 1) << 2)));
      j--;
    }
    store<i32>(order + (<usize>j << 2), i);
  }
  md5Init();
  for (let k = 0; k < n; k++) {
    const i = load<i32>(order + (<usize>k << 2));
    if (k + 1 < n && compareNames(i, load<i32>(order + (<usize>(k + 1) << 2))) == 0) continue; // a later duplicate wins
    if (excluded(i)) continue;
    md5Update(pairName(i), pairNameLen(i));
    md5Byte(UNIT_SEPARATOR);
    const v = pairValue(i);
    const vn = pairValueLen(i);
    if (isPlain(v, vn, true)) md5Update(v, vn);
    else md5Update(tmpBuf, percentDecode(tmpBuf, v, vn, true, collapse) - tmpBuf);
    md5Byte(UNIT_SEPARATOR);
  }
  const out = scratch;
  claimScratch(md5Hex(out));
  setSlot(Col.event_fingerprint, out, 32, PRIO_LOG);
}
