/**
 * Referer classification (enrichments.md §5): `internal` when the referrer's host is the page's
 * (or a configured internal domain), else the built-in table (wasm/data/referers.ts): candidate
 * paths (full, first segment, none) outside, candidate hosts (full, then each parent) inside,
 * first hit wins; `unknown` when nothing matches. Search terms come from the source's parameters.
 */
import { Char } from './chars';
import { bytesEqual, internalDomainCount, internalDomains } from './config';
import { Decode, decode, decodedPtr } from './decode';
import { Col } from './generated/contract';
import { REFERER_TABLE, refererId, refererWildcardId } from './generated/referers';
import { tmpBuf } from './layout';
import { nameEndOf, nextPair, pairEndOf } from './pairs';
import { PRIO_LOG, setSlot, slotLen, slotPtr } from './slots';
import { strLen, strPtr } from './strings';

/** "internal", "unknown" */
const INTERNAL: usize = memory.data<u8>([0x69, 0x6e, 0x74, 0x65, 0x72, 0x6e, 0x61, 0x6c]);
const UNKNOWN: usize = memory.data<u8>([0x75, 0x6e, 0x6b, 0x6e, 0x6f, 0x77, 0x6e]);

/** Longest host + path key tried against the table. */
const MAX_KEY: usize = 512;

export function classifyReferer(): void {
  const scheme = slotPtr(Col.refr_urlscheme);
  const schemeLen = slotLen(Col.refr_urlscheme);
  const host = slotPtr(Col.refr_urlhost);
  const hostLen = <usize>slotLen(Col.refr_urlhost);
  if (hostLen == 0 || !isWebScheme(scheme, schemeLen)) return;
  if (isInternal(host, hostLen)) {
    setSlot(Col.refr_medium, INTERNAL, 8, PRIO_LOG);
    return;
  }
  const path = slotPtr(Col.refr_urlpath);
  const pathLen = <usize>slotLen(Col.refr_urlpath);
  let firstSegment: usize = 0; // length of "/segment"
  if (pathLen > 1) {
    firstSegment = 1;
    while (firstSegment < pathLen && load<u8>(path + firstSegment) != Char.SLASH) firstSegment++;
  }
  // paths: full, "/first-segment", none — each tried once
  for (let round = 0; round < 3; round++) {
    const n: usize = round == 0 ? pathLen : round == 1 ? firstSegment : 0;
    if ((round == 1 && n == pathLen) || (round == 2 && (pathLen == 0 || firstSegment == 0))) continue;
    if (hostLen + n > MAX_KEY) continue;
    const hostEnd = host + hostLen;
    let h = host;
    while (h < hostEnd) {
      const id = lookup(h, hostEnd - h, path, n);
      if (id >= 0) return fill(id);
      while (h < hostEnd && load<u8>(h) != Char.DOT) h++; // drop the first label
      h++;
    }
  }
  setSlot(Col.refr_medium, UNKNOWN, 7, PRIO_LOG);
}

function lookup(host: usize, hostLen: usize, path: usize, pathLen: usize): i32 {
  if (pathLen == 0) {
    const id = refererId(host, hostLen);
    return id >= 0 ? id : refererWildcardId(host, hostLen);
  }
  memory.copy(tmpBuf, host, hostLen);
  memory.copy(tmpBuf + hostLen, path, pathLen);
  return refererId(tmpBuf, hostLen + pathLen);
}

function fill(id: i32): void {
  const row = REFERER_TABLE + <usize>id * 14;
  const medium = <i32>load<u16>(row);
  const source = <i32>load<u16>(row, 2);
  setSlot(Col.refr_medium, strPtr(medium), strLen(medium), PRIO_LOG);
  setSlot(Col.refr_source, strPtr(source), strLen(source), PRIO_LOG);
  const params = <i32>load<u16>(row, 4);
  if (params > 0) findTerm(row + 6, params);
}

/** The term: the first pair of the referrer's query, in query order, whose name is one of the source's parameters. */
function findTerm(paramIds: usize, count: i32): void {
  const q = slotPtr(Col.refr_urlquery);
  const end = q + <usize>slotLen(Col.refr_urlquery);
  let p = q;
  while (p < end) {
    const extent = nextPair(p, end);
    const amp = pairEndOf(extent);
    const eq = nameEndOf(extent);
    for (let i = 0; i < count; i++) {
      const s = <i32>load<u16>(paramIds + (<usize>i << 1));
      if (bytesEqual(p, eq - p, strPtr(s), strLen(s))) {
        const value = eq < amp ? eq + 1 : amp;
        const n = decode(value, amp - value, Decode.form);
        if (n > 0) setSlot(Col.refr_term, decodedPtr, n, PRIO_LOG);
        return;
      }
    }
    p = amp + 1;
  }
}

/** http, https or android-app (case-insensitive). */
function isWebScheme(p: usize, n: u32): bool {
  if (n == 4) return (load<u32>(p) | 0x20202020) == 0x70747468; // http
  if (n == 5) return (load<u32>(p) | 0x20202020) == 0x70747468 && (load<u8>(p, 4) | 0x20) == 0x73; // https
  // android-app ('-' already has the 0x20 bit, so one mask lower-cases all eight bytes)
  return n == 11 && (load<u64>(p) | 0x2020202020202020) == 0x2d64696f72646e61 && (load<u16>(p, 8) | 0x2020) == 0x7061 && (load<u8>(p, 10) | 0x20) == 0x70;
}

function isInternal(host: usize, hostLen: usize): bool {
  if (bytesEqual(host, hostLen, slotPtr(Col.page_urlhost), slotLen(Col.page_urlhost))) return true;
  for (let i = 0; i < internalDomainCount; i++) {
    const e = internalDomains + (<usize>i << 3);
    if (bytesEqual(host, hostLen, <usize>load<u32>(e), <usize>load<u32>(e, 4))) return true;
  }
  return false;
}
