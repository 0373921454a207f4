/**
 * URL splitting (enrichments.md §4): scheme, host, port (80, or 443 for https, when not
 * explicit), path, query without `?`, fragment without `#` — all raw, still percent-encoded,
 * pointing into the URL itself. A URL without `scheme://` is left unsplit (its parts null).
 */
import { Char, isDigit } from './chars';
import { PRIO_LOG, setSlot } from './slots';
import { findAuthorityEnd, findByte, findEither } from './scan';

/** "80" and "443", for implicit ports. */
const PORT_80: usize = memory.data<u8>([0x38, 0x30]);
const PORT_443: usize = memory.data<u8>([0x34, 0x34, 0x33]);

/** Fills the six columns starting at `firstCol` (…scheme, host, port, path, query, fragment) from the URL. */
export function splitUrl(url: usize, len: usize, firstCol: i32): void {
  const end = url + len;
  let p = url;
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" — RFC 3986 §3.1
  if (p >= end || (<u32>load<u8>(p) | 0x20) - Char.a >= 26) return;
  while (p < end) {
    const c = <u32>load<u8>(p);
    if ((c | 0x20) - Char.a < 26 || isDigit(c) || c == Char.PLUS || c == Char.MINUS || c == Char.DOT) p++;
    else break;
  }
  const schemeEnd = p;
  if (end - p < 3 || load<u8>(p) != Char.COLON || load<u16>(p, 1) != 0x2f2f) return; // "://"
  p += 3;
  // authority: up to the first `/`, `?` or `#`; drop user info before the last `@`
  let hostStart = p;
  p = findAuthorityEnd(p, end);
  const authorityEnd = p;
  for (let q = authorityEnd; q > hostStart; q--) {
    if (load<u8>(q - 1) == 0x40) {
      hostStart = q; // after the last '@'
      break;
    }
  }
  let hostEnd = authorityEnd;
  let portStart: usize = 0;
  let q = hostStart;
  if (q < authorityEnd && load<u8>(q) == Char.LBRACKET) {
    while (q < authorityEnd && load<u8>(q) != Char.RBRACKET) q++; // IPv6 literal: its colons are not a port
  }
  for (; q < authorityEnd; q++) {
    if (load<u8>(q) == Char.COLON) {
      hostEnd = q;
      portStart = q + 1;
      break;
    }
  }
  setSlot(firstCol, url, <u32>(schemeEnd - url), PRIO_LOG);
  setSlot(firstCol + 1, hostStart, <u32>(hostEnd - hostStart), PRIO_LOG);
  if (portStart != 0 && portStart < authorityEnd && allDigits(portStart, authorityEnd)) {
    setSlot(firstCol + 2, portStart, <u32>(authorityEnd - portStart), PRIO_LOG);
  } else if (schemeEnd - url == 5 && (load<u32>(url) | 0x20202020) == 0x70747468 && (load<u8>(url, 4) | 0x20) == 0x73) {
    setSlot(firstCol + 2, PORT_443, 3, PRIO_LOG); // https
  } else {
    setSlot(firstCol + 2, PORT_80, 2, PRIO_LOG);
  }
  // path ? query # fragment
  const pathStart = p;
  p = findEither(p, end, Char.QUESTION, Char.HASH);
  setSlot(firstCol + 3, pathStart, <u32>(p - pathStart), PRIO_LOG);
  if (p < end && load<u8>(p) == Char.QUESTION) {
    const queryStart = ++p;
    p = findByte(p, end, Char.HASH);
    setSlot(firstCol + 4, queryStart, <u32>(p - queryStart), PRIO_LOG);
  }
  if (p < end && load<u8>(p) == Char.HASH) setSlot(firstCol + 5, p + 1, <u32>(end - p - 1), PRIO_LOG);
}

function allDigits(p: usize, end: usize): bool {
  for (; p < end; p++) if (!isDigit(load<u8>(p))) return false;
  return true;
}
