/**
 * Splitting a line on TAB (only TAB: an empty value stays an empty column) and finding a log
 * field by name through the file's `#Fields:` header, or by its original position without one.
 */
import { Char } from './chars';
import { LOG_FIELD_COUNT, logFieldId } from './generated/contract';
import { MAX_FIELDS, MAX_FIELDS_LINE, fieldBuf, fieldMapBuf, fieldsLineBuf } from './layout';
import { below, blockBits, splat } from './scan';

/** TAB-separated fields on the current line (all of them, even beyond MAX_FIELDS). */
export let fieldCount: i32 = 0;

/**
 * Splits the line starting at `line` into fields and finds its end, in one pass, 64 bytes at a
 * time: each TAB's bit closes a field (no call and no set-up per field), the first LF ends the
 * line. Returns that LF's position, or `limit` when there is none before it; the last field ends
 * there, before a CR (CRLF files). A pass of its own to find the end first cost about 4 %;
 * fused, lines parse 1–2 % faster. Blocks of 64 bytes rather than vectors of 16: a field is
 * about 40 bytes long, so a vector held a TAB or not at random and its branch was mispredicted
 * often; a block nearly always holds one. Reads up to 63 bytes past `limit` (the input buffer
 * is followed by others; the bits are dropped).
 */
export function splitLine(line: usize, limit: usize): usize {
  const tab = splat(<i8>Char.TAB);
  const lf = splat(<i8>Char.LF);
  let start = line;
  let count = 0;
  let stop = limit;
  for (let q = line; q < limit; q += 64) {
    const v0 = v128.load(q);
    const v1 = v128.load(q, 16);
    const v2 = v128.load(q, 32);
    const v3 = v128.load(q, 48);
    const l0 = i8x16.eq(v0, lf);
    const l1 = i8x16.eq(v1, lf);
    const l2 = i8x16.eq(v2, lf);
    const l3 = i8x16.eq(v3, lf);
    let m = belowWide(limit, q, blockBits(v128.or(i8x16.eq(v0, tab), l0), v128.or(i8x16.eq(v1, tab), l1), v128.or(i8x16.eq(v2, tab), l2), v128.or(i8x16.eq(v3, tab), l3)));
    if (m == 0) continue;
    if (v128.any_true(v128.or(v128.or(l0, l1), v128.or(l2, l3)))) {
      const lfs = m & blockBits(l0, l1, l2, l3);
      if (lfs != 0) {
        stop = q + <usize>ctz(lfs);
        m &= (lfs & (~lfs + 1)) - 1; // the TABs before it
      }
    }
    while (m != 0) {
      const at = q + <usize>ctz(m);
      m &= m - 1;
      keepField(count++, start, at);
      start = at + 1;
    }
    if (stop < limit) break;
  }
  const end = stop > start && load<u8>(stop - 1) == Char.CR ? stop - 1 : stop;
  keepField(count++, start, end);
  fieldCount = count;
  // a short line: the fields it lacks read as missing (0, 0) until the next line
  for (let i = count; i < usedPositions; i++) keepField(i, 0, 0);
  return stop;
}

/** `mask` of the 64 bytes at `q`, without the bits at or beyond `end`. */
// @ts-ignore: decorator
@inline
function belowWide(end: usize, q: usize, mask: u64): u64 {
  const left = end - q;
  return left >= 64 ? mask : mask & ((<u64>1 << <u64>left) - 1);
}

@inline function keepField(i: i32, start: usize, end: usize): void {
  if (i < MAX_FIELDS) {
    store<u32>(fieldBuf + (<usize>i << 3), <u32>start);
    store<u32>(fieldBuf + (<usize>i << 3), <u32>end, 4);
  }
}

/** Length of the file's `#Fields:` line kept in fieldsLineBuf (0: none seen). */
let fieldsLineLen: usize = 0;
/** One past the last position a field is mapped to: a line with fewer fields has the rest cleared. */
let usedPositions: i32 = 0;

/** Maps field `f` to `position`, or to the always-empty entry when lines never hold it. */
function mapField(f: i32, position: i32): void {
  const stored = position < MAX_FIELDS;
  store<i32>(fieldMapBuf + (<usize>f << 2), stored ? position : MAX_FIELDS);
  if (stored && position >= usedPositions) usedPositions = position + 1;
}

export function fieldsLineLength(): usize {
  return fieldsLineLen;
}

/** Without a header, fields are where the original format put them. */
export function resetFieldMap(): void {
  fieldsLineLen = 0;
  usedPositions = 0;
  store<u64>(fieldBuf + (<usize>MAX_FIELDS << 3), 0); // the entry of fields lines never hold
  for (let f = 0; f < LOG_FIELD_COUNT; f++) mapField(f, f);
}

/** Maps fields from a `#Fields:` line: names separated by spaces (or TABs, seen in third-party files). */
export function readFieldsHeader(line: usize, len: usize): void {
  fieldsLineLen = min(len, <usize>MAX_FIELDS_LINE);
  memory.copy(fieldsLineBuf, line, fieldsLineLen);
  usedPositions = 0;
  for (let f = 0; f < LOG_FIELD_COUNT; f++) mapField(f, MAX_FIELDS);
  const end = line + len;
  let p = line + 8; // after `#Fields:`
  let position = 0;
  while (p < end) {
    while (p < end && (load<u8>(p) == Char.SPACE || load<u8>(p) == Char.TAB)) p++;
    const start = p;
    while (p < end && load<u8>(p) != Char.SPACE && load<u8>(p) != Char.TAB) p++;
    if (p == start) break;
    const id = logFieldId(start, p - start);
    if (id >= 0) mapField(id, position);
    position++;
  }
}

@inline function fieldAt(f: i32): usize {
  return fieldBuf + (<usize>load<i32>(fieldMapBuf + (<usize>f << 2)) << 3);
}

/** Start of log field `f` on the current line; 0 when the file has no such column or the line is too short. */
// @ts-ignore: decorator
@inline
export function fieldStart(f: i32): usize {
  return <usize>load<u32>(fieldAt(f));
}

/** Length of log field `f` (0 when missing). */
// @ts-ignore: decorator
@inline
export function fieldLength(f: i32): usize {
  const at = fieldAt(f);
  return <usize>(load<u32>(at, 4) - load<u32>(at));
}

/** A field holding `-` (CloudFront's empty value) or nothing. */
export function isEmptyField(p: usize, n: usize): bool {
  return n == 0 || (n == 1 && load<u8>(p) == Char.MINUS);
}
