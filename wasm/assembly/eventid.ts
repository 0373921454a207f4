/**
 * A deterministic event id for lines without `eid` (enrichments.md §10): a 128-bit hash of the
 * source file name, the line number and the line bytes, written as a UUIDv8 (RFC 9562's
 * custom version). The same input always gets the same id, so a re-run stays idempotent,
 * while two identical requests logged on different lines still get different ids.
 */
import { Char } from './chars';

const K1: u64 = 0x9e3779b97f4a7c15;
const K2: u64 = 0xc2b2ae3d27d4eb4f;

@inline function fmix(h: u64): u64 {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccd;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53;
  h ^= h >> 33;
  return h;
}

let lane1: u64 = 0;
let lane2: u64 = 0;

function absorb(p: usize, n: usize): void {
  const end = p + n;
  let a = lane1;
  let b = lane2;
  for (; p + 8 <= end; p += 8) {
    const w = load<u64>(p);
    a = fmix(a ^ w) * K1;
    b = fmix(b ^ (w * K2)) ^ K1;
  }
  let tail: u64 = 0;
  for (let s: u64 = 0; p < end; p++, s += 8) tail |= <u64>load<u8>(p) << s;
  a = fmix(a ^ tail ^ (<u64>n << 56));
  b = fmix(b ^ (tail * K2) ^ <u64>n);
  lane1 = a;
  lane2 = b;
}

const HEX: usize = memory.data<u8>([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66]);

/** Writes the 36-byte id; returns the end. */
export function writeDerivedEventId(dst: usize, source: usize, sourceLen: usize, lineNumber: u64, line: usize, lineLen: usize): usize {
  lane1 = K1;
  lane2 = K2;
  absorb(source, sourceLen);
  lane1 ^= fmix(lineNumber);
  lane2 ^= fmix(lineNumber ^ K2);
  absorb(line, lineLen);
  // 32 nibbles: version 8 at nibble 12, variant 10xx at nibble 16
  let hi = lane1;
  let lo = lane2;
  hi = (hi & 0xffffffffffff0fff) | 0x0000000000008000;
  lo = (lo & 0x3fffffffffffffff) | 0x8000000000000000;
  let q = dst;
  for (let i = 0; i < 32; i++) {
    if (i == 8 || i == 12 || i == 16 || i == 20) store<u8>(q++, Char.MINUS);
    const word = i < 16 ? hi : lo;
    const nibble = <usize>((word >> (<u64>(60 - (i & 15) * 4))) & 15);
    store<u8>(q++, load<u8>(HEX + nibble));
  }
  return q;
}
