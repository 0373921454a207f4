/**
 * Numbers in parameter values: checked on bytes and written back in a normal form, so
 * `vid=007` is stored as `7` and `tr_tt=1e3` as `1000`.
 */
import { Char, isDigit } from './chars';
import { insideRange, splat } from './scan';

/** Parsed value of the last successful `parseInt32`/`parseMs`. */
export let parsedInt: i64 = 0;

/** `-?[0-9]+` within i32 range; sets `parsedInt`. */
export function parseInt32(p: usize, n: usize): bool {
  if (n == 0) return false;
  const end = p + n;
  const negative = load<u8>(p) == Char.MINUS;
  if (negative) p++;
  if (p == end || end - p > 10 + 9) return false; // bounded work; leading zeros allowed
  let v: i64 = 0;
  for (; p < end; p++) {
    const c = <u32>load<u8>(p);
    if (!isDigit(c)) return false;
    v = v * 10 + (c - Char._0);
    if (v > 2147483648) return false;
  }
  if (negative) v = -v;
  if (v > 2147483647) return false;
  parsedInt = v;
  return true;
}

/** Milliseconds since the epoch: `[0-9]{1,15}`; sets `parsedInt`. */
export function parseMs(p: usize, n: usize): bool {
  if (n == 0 || n > 15) return false;
  if (n > 8) {
    // what trackers send (13 digits): checked in one vector, converted 8 digits at a time
    if (~i8x16.bitmask(insideRange(v128.load(p), Char._0, Char._0 + 9)) & ((1 << <i32>n) - 1)) return false;
    parsedInt = <i64>(eightDigits(p, n - 8) * 100_000_000 + eightDigits(p + n - 8, 8));
    return true;
  }
  let v: i64 = 0;
  for (let q = p; q < p + n; q++) {
    const c = <u32>load<u8>(q);
    if (!isDigit(c)) return false;
    v = v * 10 + (c - Char._0);
  }
  parsedInt = v;
  return true;
}

/**
 * The value of the `k` (1–8) digits at `p`, checked already, without a loop (SWAR): as loaded,
 * the first digit is the lowest byte; shifted up, the bytes past the digits drop out and zero
 * digits come in before them; then pairs, quads and octets of digits are combined by multiplies.
 * Bytes past the digits may be anything: subtracting `0` from each only borrows upwards, into them.
 */
// @ts-ignore: decorator
@inline
function eightDigits(p: usize, k: usize): u64 {
  let x = (load<u64>(p) - 0x3030303030303030) << (<u64>(8 - k) << 3);
  x = ((x * 10) + (x >> 8)) & 0x00ff00ff00ff00ff;
  x = ((x * 100) + (x >> 16)) & 0x0000ffff0000ffff;
  return ((x * 10000) + (x >> 32)) & 0xffffffff;
}

/** Writes a signed integer in decimal; returns the end. */
export function writeInt(dst: usize, v: i64): usize {
  if (v < 0) {
    store<u8>(dst++, Char.MINUS);
    v = -v;
  }
  let digits = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  let q = dst + digits;
  do {
    store<u8>(--q, <u8>(Char._0 + <u32>(v % 10)));
    v /= 10;
  } while (v > 0);
  return dst + digits;
}

/** Position of the `x` in a valid `WxH` (both parts i32), or -1. */
export function dimsSplit(p: usize, n: usize): i32 {
  if (n <= 16) {
    // what screens send (`1920x1080`), in one vector: a single non-digit, an `x` with digits on
    // both sides, and at most 9 digits a side, which no i32 overflows
    const v = v128.load(p);
    const lanes = (1 << <i32>n) - 1;
    const other = ~i8x16.bitmask(insideRange(v, Char._0, Char._0 + 9)) & lanes;
    const i = ctz(other);
    const xs = i8x16.bitmask(i8x16.eq(v, splat(<i8>Char.x))) & lanes;
    if (other == xs && popcnt(other) == 1 && i >= 1 && i + 1 < <i32>n && i <= 9 && <i32>n - i - 1 <= 9) return i;
  }
  for (let i: usize = 1; i + 1 < n; i++) {
    if (load<u8>(p + i) == Char.x) {
      for (let j: usize = 0; j < n; j++) if (j != i && !isDigit(load<u8>(p + j))) return -1;
      if (!parseInt32(p, i) || !parseInt32(p + i + 1, n - i - 1)) return -1;
      return <i32>i;
    }
  }
  return -1;
}

/**
 * A decimal in plain notation (`[+-]?digits[.digits]([eE][+-]?digits)?`, exponent expanded,
 * leading `+` dropped), written at `dst`. Returns the end, or 0 when the text is not a number.
 * The classic ETL normalised with BigDecimal.toPlainString; this gives the same text.
 */
export function writeDecimal(dst: usize, p: usize, n: usize): usize {
  const end = p + n;
  let q = p;
  let negative = false;
  if (q < end && (load<u8>(q) == Char.PLUS || load<u8>(q) == Char.MINUS)) negative = load<u8>(q++) == Char.MINUS;
  const intStart = q;
  while (q < end && isDigit(load<u8>(q))) q++;
  const intEnd = q;
  let fracStart = q;
  let fracEnd = q;
  if (q < end && load<u8>(q) == Char.DOT) {
    fracStart = ++q;
    while (q < end && isDigit(load<u8>(q))) q++;
    fracEnd = q;
  }
  const mantissaDigits = (intEnd - intStart) + (fracEnd - fracStart);
  if (mantissaDigits == 0 || mantissaDigits > 64) return 0;
  let exponent: i32 = 0;
  if (q < end && (load<u8>(q) | 0x20) == Char.e) {
    q++;
    let expNegative = false;
    if (q < end && (load<u8>(q) == Char.PLUS || load<u8>(q) == Char.MINUS)) expNegative = load<u8>(q++) == Char.MINUS;
    const expStart = q;
    while (q < end && isDigit(load<u8>(q))) {
      exponent = exponent * 10 + (<i32>load<u8>(q) - Char._0);
      if (exponent > 64) return 0; // beyond any currency amount: refuse rather than write a huge string
      q++;
    }
    if (q == expStart) return 0;
    if (expNegative) exponent = -exponent;
  }
  if (q != end) return 0;
  if (negative) store<u8>(dst++, Char.MINUS);
  if (exponent == 0) {
    // no exponent: keep the digits as written
    if (intEnd == intStart) store<u8>(dst++, Char._0);
    memory.copy(dst, intStart, intEnd - intStart);
    dst += intEnd - intStart;
    if (fracEnd > fracStart) {
      store<u8>(dst++, Char.DOT);
      memory.copy(dst, fracStart, fracEnd - fracStart);
      dst += fracEnd - fracStart;
    }
    return dst;
  }
  // Shift the decimal point: digits = int ++ frac, point after (intLen + exponent) digits.
  const intLen = <i32>(intEnd - intStart);
  const point = intLen + exponent;
  const total = <i32>mantissaDigits;
  if (point <= 0) {
    store<u8>(dst++, Char._0);
    store<u8>(dst++, Char.DOT);
    for (let i = 0; i < -point; i++) store<u8>(dst++, Char._0);
  }
  for (let i = 0; i < total; i++) {
    if (i == point && point > 0) store<u8>(dst++, Char.DOT);
    store<u8>(dst++, load<u8>(i < intLen ? intStart + i : fracStart + (i - intLen)));
  }
  for (let i = total; i < point; i++) store<u8>(dst++, Char._0);
  return dst;
}
