/**
 * Splitting a line on TAB (only TAB: an empty value stays an empty column) and finding a log
 * field by name through the file's `#Fields:` header, or by its original position without one.
 */
import { Char } from './chars';
import { LOG_FIELD_COUNT, logFieldId } from './generated/contract';
import { MAX_FIELDS, MAX_FIELDS_LINE, fieldBuf, fieldMapBuf, fieldsLineBuf } from './layout';
import { below } from './scan';

/** TAB-separated fields on the current line (all of them, even beyond MAX_FIELDS). */
export let fieldCount: i32 = 0;

export function splitFields(line: usize, len: usize): void {
  // one pass, 16 bytes at a time: each TAB's bit closes a field (no call and no set-up per field)
  const end = line + len;
  const tab = i8x16.splat(<i8>Char.TAB);
  let start = line;
  let count = 0;
  for (let q = line; q < end; q += 16) {
    let m = below(end, q, i8x16.bitmask(i8x16.eq(v128.load(q), tab)));
    while (m != 0) {
      const at = q + <usize>ctz(m);
      m &= m - 1;
      keepField(count++, start, at);
      start = at + 1;
    }
  }
  keepField(count++, start, end);
  fieldCount = count;
}

@inline function keepField(i: i32, start: usize, end: usize): void {
  if (i < MAX_FIELDS) {
    store<u32>(fieldBuf + (<usize>i << 3), <u32>start);
    store<u32>(fieldBuf + (<usize>i << 3), <u32>end, 4);
  }
}

/** Length of the file's `#Fields:` line kept in fieldsLineBuf (0: none seen). */
let fieldsLineLen: usize = 0;

export function fieldsLineLength(): usize {
  return fieldsLineLen;
}

/** Without a header, fields are where the original format put them. */
export function resetFieldMap(): void {
  fieldsLineLen = 0;
  for (let f = 0; f < LOG_FIELD_COUNT; f++) store<i32>(fieldMapBuf + (<usize>f << 2), f);
}

/** Maps fields from a `#Fields:` line: names separated by spaces (or TABs, seen in third-party files). */
export function readFieldsHeader(line: usize, len: usize): void {
  fieldsLineLen = min(len, <usize>MAX_FIELDS_LINE);
  memory.copy(fieldsLineBuf, line, fieldsLineLen);
  for (let f = 0; f < LOG_FIELD_COUNT; f++) store<i32>(fieldMapBuf + (<usize>f << 2), -1);
  const end = line + len;
  let p = line + 8; // after `#Fields:`
  let position = 0;
  while (p < end) {
    while (p < end && (load<u8>(p) == Char.SPACE || load<u8>(p) == Char.TAB)) p++;
    const start = p;
    while (p < end && load<u8>(p) != Char.SPACE && load<u8>(p) != Char.TAB) p++;
    if (p == start) break;
    const id = logFieldId(start, p - start);
    if (id >= 0) store<i32>(fieldMapBuf + (<usize>id << 2), position);
    position++;
  }
}

/** Start of log field `f` on the current line; 0 when the file has no such column or the line is too short. */
export function fieldStart(f: i32): usize {
  const position = load<i32>(fieldMapBuf + (<usize>f << 2));
  if (position < 0 || position >= fieldCount || position >= MAX_FIELDS) return 0;
  return <usize>load<u32>(fieldBuf + (<usize>position << 3));
}

/** Length of log field `f` (0 when missing). */
export function fieldLength(f: i32): usize {
  const position = load<i32>(fieldMapBuf + (<usize>f << 2));
  if (position < 0 || position >= fieldCount || position >= MAX_FIELDS) return 0;
  const at = fieldBuf + (<usize>position << 3);
  return <usize>(load<u32>(at, 4) - load<u32>(at));
}

/** A field holding `-` (CloudFront's empty value) or nothing. */
export function isEmptyField(p: usize, n: usize): bool {
  return n == 0 || (n == 1 && load<u8>(p) == Char.MINUS);
}
