/**
 * IP anonymisation (enrichments.md §8), applied last, after every other use of the address:
 * IPv4 keeps its first 4 − n octets (`94.x.x.x`); IPv6 is expanded to eight groups and keeps
 * its first 8 − m (`2605:2700:0:3:x:x:x:x`); `::ffff:a.b.c.d` keeps its prefix and masks the
 * IPv4 part. Other text containing `.` or `:` is masked by the same rules; anything else is kept.
 */
import { Char } from './chars';
import { anonymizeOctets, anonymizeSegments } from './config';
import { Col } from './generated/contract';
import { PRIO_LOG, claimScratch, scratch, setSlot, slotLen, slotPtr } from './slots';

const MASK: u8 = 0x78; // 'x'

/** `all`: mask every octet and group (an anonymous-tracking hit), whatever the settings. */
export function anonymizeIp(all: bool): void {
  const octets = all ? 4 : anonymizeOctets;
  const segments = all ? 8 : anonymizeSegments;
  const ip = slotPtr(Col.user_ipaddress);
  const n = <usize>slotLen(Col.user_ipaddress);
  if (n == 0 || (octets == 0 && segments == 0)) return;
  let dots = 0;
  let colons = 0;
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(ip + i);
    if (c == Char.DOT) dots++;
    else if (c == Char.COLON) colons++;
  }
  const out = scratch;
  let end: usize;
  if (dots > 0 && colons > 0 && n > 7 && isMappedPrefix(ip)) {
    memory.copy(out, ip, 7); // "::ffff:" kept
    end = maskParts(out + 7, ip + 7, n - 7, <u8>Char.DOT, 4, octets);
  } else if (dots > 0) end = maskParts(out, ip, n, <u8>Char.DOT, dots + 1, octets);
  else if (colons > 0) end = maskIpv6(out, ip, n, segments);
  else return;
  claimScratch(end);
  setSlot(Col.user_ipaddress, out, <u32>(end - out), PRIO_LOG + 1);
}

/** "::ffff:" in any case. */
function isMappedPrefix(p: usize): bool {
  return load<u16>(p) == 0x3a3a && (load<u32>(p, 2) | 0x20202020) == 0x66666666 && load<u8>(p, 6) == Char.COLON;
}

/** Copies `parts` `sep`-separated parts, the last `masked` of them as `x`. */
function maskParts(dst: usize, p: usize, n: usize, sep: u8, parts: i32, masked: i32): usize {
  const keep = parts - min(masked, parts);
  let part = 0;
  const end = p + n;
  while (p <= end) {
    let q = p;
    while (q < end && load<u8>(q) != sep) q++;
    if (part > 0) store<u8>(dst++, sep);
    if (part < keep) {
      memory.copy(dst, p, q - p);
      dst += q - p;
    } else store<u8>(dst++, MASK);
    part++;
    p = q + 1;
  }
  return dst;
}

/** IPv6: `::` expanded to the missing `0` groups, then the last `anonymizeSegments` groups masked. */
function maskIpv6(dst: usize, p: usize, n: usize, segments: i32): usize {
  const end = p + n;
  let groups = 0; // groups written out; `::` stands for the 8 − groups others
  for (let q = p; q < end; q++) if (load<u8>(q) != Char.COLON && (q == p || load<u8>(q - 1) == Char.COLON)) groups++;
  const keep = 8 - min(segments, 8);
  let group = 0;
  let q = p;
  while (group < 8 && q < end) {
    if (load<u8>(q) == Char.COLON) {
      // `::` (q is on its second colon, or on the first at the very start)
      if (q == p) q++;
      for (let z = groups; z < 8 && group < 8; z++) {
        if (group > 0) store<u8>(dst++, Char.COLON);
        store<u8>(dst++, group < keep ? Char._0 : MASK);
        group++;
      }
      q++;
      continue;
    }
    let r = q;
    while (r < end && load<u8>(r) != Char.COLON) r++;
    if (group > 0) store<u8>(dst++, Char.COLON);
    if (group < keep) {
      memory.copy(dst, q, r - q);
      dst += r - q;
    } else store<u8>(dst++, MASK);
    group++;
    q = r + 1;
  }
  return dst;
}
