/**
 * JSON validation (RFC 8259) on bytes, iterative with a bounded depth, so a hostile payload
 * can neither overflow the stack nor take more than linear time. Values are stored as
 * received (key order and spacing kept), as the classic ETL did; only validity is checked.
 */
import { Char, hexValue, isDigit } from './chars';
import { findStringStop } from './scan';

/** Nesting deeper than this is rejected (real contexts nest a handful of levels). */
const MAX_DEPTH: i32 = 256;
/** One byte per open container: 1 object, 2 array. */
const stack: usize = memory.data(MAX_DEPTH);

const OBJECT: u8 = 1;
const ARRAY: u8 = 2;

@inline function skipSpace(p: usize, end: usize): usize {
  while (p < end) {
    const c = load<u8>(p);
    if (c != Char.SPACE && c != Char.TAB && c != Char.LF && c != Char.CR) break;
    p++;
  }
  return p;
}

/** End of the string starting at the quote at `p`, or 0. */
function skipString(p: usize, end: usize): usize {
  p++;
  while (p < end) {
    p = findStringStop(p, end); // plain string bytes, 16 at a time
    if (p >= end) return 0;
    const c = <u32>load<u8>(p);
    if (c == Char.QUOTE) return p + 1;
    if (c < 0x20) return 0;
    if (c == Char.BACKSLASH) {
      if (++p >= end) return 0;
      const e = <u32>load<u8>(p);
      if (e == Char.u) {
        if (p + 4 >= end) return 0;
        for (let i: usize = 1; i <= 4; i++) if (hexValue(load<u8>(p + i)) < 0) return 0;
        p += 4;
      } else if (e != Char.QUOTE && e != Char.BACKSLASH && e != Char.SLASH && e != Char.b && e != Char.f && e != Char.n && e != Char.r && e != Char.t) {
        return 0;
      }
    }
    p++;
  }
  return 0;
}

/** End of the number at `p`, or 0. */
function skipNumber(p: usize, end: usize): usize {
  if (p < end && load<u8>(p) == Char.MINUS) p++;
  if (p >= end) return 0;
  if (load<u8>(p) == Char._0) p++;
  else if (isDigit(load<u8>(p))) while (p < end && isDigit(load<u8>(p))) p++;
  else return 0;
  if (p < end && load<u8>(p) == Char.DOT) {
    const start = ++p;
    while (p < end && isDigit(load<u8>(p))) p++;
    if (p == start) return 0;
  }
  if (p < end && (load<u8>(p) | 0x20) == Char.e) {
    p++;
    if (p < end && (load<u8>(p) == Char.PLUS || load<u8>(p) == Char.MINUS)) p++;
    const start = p;
    while (p < end && isDigit(load<u8>(p))) p++;
    if (p == start) return 0;
  }
  return p;
}

/** End of `true`/`false`/`null` at `p`, or 0. */
function skipLiteral(p: usize, end: usize): usize {
  const left = end - p;
  if (left >= 4 && load<u32>(p) == 0x65757274) return p + 4; // true
  if (left >= 4 && load<u32>(p) == 0x6c6c756e) return p + 4; // null
  if (left >= 5 && load<u32>(p) == 0x736c6166 && load<u8>(p, 4) == Char.e) return p + 5; // false
  return 0;
}

/** Object key and colon at `p`: returns the position of the value, or 0. */
function skipKey(p: usize, end: usize): usize {
  if (p >= end || load<u8>(p) != Char.QUOTE) return 0;
  p = skipString(p, end);
  if (p == 0) return 0;
  p = skipSpace(p, end);
  if (p >= end || load<u8>(p) != Char.COLON) return 0;
  return skipSpace(p + 1, end);
}

export function isJson(start: usize, len: usize): bool {
  const end = start + len;
  let depth = 0;
  let p = skipSpace(start, end);
  for (;;) {
    // a value at p
    if (p >= end) return false;
    const c = <u32>load<u8>(p);
    if (c == Char.LBRACE || c == Char.LBRACKET) {
      if (depth == MAX_DEPTH) return false;
      store<u8>(stack + depth++, c == Char.LBRACE ? OBJECT : ARRAY);
      p = skipSpace(p + 1, end);
      if (p < end && <u32>load<u8>(p) == (c == Char.LBRACE ? Char.RBRACE : Char.RBRACKET)) {
        depth--;
        p++;
      } else {
        if (c == Char.LBRACE && (p = skipKey(p, end)) == 0) return false;
        continue;
      }
    } else {
      p = c == Char.QUOTE ? skipString(p, end) : c == Char.MINUS || isDigit(c) ? skipNumber(p, end) : skipLiteral(p, end);
      if (p == 0) return false;
    }
    // after a value: commas and closing brackets
    for (;;) {
      p = skipSpace(p, end);
      if (depth == 0) return p == end;
      if (p >= end) return false;
      const top = load<u8>(stack + depth - 1);
      const d = <u32>load<u8>(p);
      if (d == Char.COMMA) {
        p = skipSpace(p + 1, end);
        if (top == OBJECT && (p = skipKey(p, end)) == 0) return false;
        break;
      }
      if ((top == OBJECT && d == Char.RBRACE) || (top == ARRAY && d == Char.RBRACKET)) {
        depth--;
        p++;
        continue;
      }
      return false;
    }
  }
  return false; // not reached: every path above returns
}

/** End of the (valid) JSON value at `p`: strings skipped whole, brackets counted. */
function skipValue(p: usize, end: usize): usize {
  let depth = 0;
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c == Char.QUOTE) {
      p = skipString(p, end);
      if (p == 0) return 0;
      if (depth == 0) return p;
      continue;
    }
    if (c == Char.LBRACE || c == Char.LBRACKET) depth++;
    else if (c == Char.RBRACE || c == Char.RBRACKET) {
      if (--depth <= 0) return p + 1;
    } else if (depth == 0 && (c == Char.COMMA || c == Char.SPACE || c == Char.TAB || c == Char.LF || c == Char.CR)) return p;
    p++;
  }
  return p;
}

/**
 * Position of the value of member `key` (ASCII, unescaped) in the object at `p`, or 0.
 * For already-validated JSON only (`isJson`).
 */
export function memberValue(p: usize, end: usize, key: string): usize {
  p = skipSpace(p, end);
  if (p >= end || load<u8>(p) != Char.LBRACE) return 0;
  p = skipSpace(p + 1, end);
  const keyLen = <usize>key.length;
  while (p < end && load<u8>(p) == Char.QUOTE) {
    const keyEnd = skipString(p, end);
    if (keyEnd == 0) return 0;
    let match = keyEnd - p - 2 == keyLen;
    for (let i: usize = 0; match && i < keyLen; i++) match = <u32>load<u8>(p + 1 + i) == <u32>key.charCodeAt(<i32>i);
    const value = skipKey(p, end);
    if (value == 0) return 0;
    if (match) return value;
    p = skipSpace(skipValue(value, end), end);
    if (p >= end || load<u8>(p) != Char.COMMA) return 0;
    p = skipSpace(p + 1, end);
  }
  return 0;
}

/** End of the string value at `p` (a quote), or 0. */
export function stringEnd(p: usize, end: usize): usize {
  return p < end && load<u8>(p) == Char.QUOTE ? skipString(p, end) : 0;
}
