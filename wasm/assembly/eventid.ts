/**
 * A deterministic event id for lines without `eid` (enrichments.md §10): a 128-bit hash of the
 * source file name, the line number and the line bytes, written as a UUIDv8 (RFC 9562's
 * custom version). The same input always gets the same id, so a re-run stays idempotent,
 * while two identical requests logged on different lines still get different ids.
 */
import { Char } from './chars';
import { h1, h2, hashBegin, hashEnd, hashUpdate, writeHashHex } from './hash';

const word: usize = memory.data(8);

/** Writes the 36-byte id; returns the end. */
export function writeDerivedEventId(dst: usize, source: usize, sourceLen: usize, lineNumber: u64, line: usize, lineLen: usize): usize {
  hashBegin(0x6669726e); // "firn"
  hashUpdate(source, sourceLen);
  store<u64>(word, lineNumber);
  hashUpdate(word, 8);
  hashUpdate(line, lineLen);
  hashEnd();
  // version 8 in nibble 12, variant 10xx in nibble 16
  const hi = (h1 & 0xffffffffffff0fff) | 0x0000000000008000;
  const lo = (h2 & 0x3fffffffffffffff) | 0x8000000000000000;
  const hex = dst + 36 - 32; // write the digits, then open the gaps for the dashes
  writeHashHex(hex, hi, lo);
  memory.copy(dst, hex, 8);
  store<u8>(dst, Char.MINUS, 8);
  memory.copy(dst + 9, hex + 8, 4);
  store<u8>(dst, Char.MINUS, 13);
  memory.copy(dst + 14, hex + 12, 4);
  store<u8>(dst, Char.MINUS, 18);
  memory.copy(dst + 19, hex + 16, 4);
  store<u8>(dst, Char.MINUS, 23);
  memory.copy(dst + 24, hex + 20, 12);
  return dst + 36;
}
