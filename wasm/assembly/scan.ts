/**
 * Finding bytes 16 at a time (WebAssembly SIMD): compare a whole vector, take the bitmask,
 * count trailing zeros. Reads may run up to 15 bytes past `end` (never used: the mask drops
 * them); layout.ts keeps padding after the last buffer so those reads stay in memory.
 */

/**
 * Every byte's splat, 16 bytes each, stored once (`storeSplats`, at start): V8 builds a splat
 * constant anew at each use, inside loops too (three instructions), where a load from a constant
 * address is one, or none when the compare takes it as its operand.
 */
const SPLATS: usize = memory.data(256 * 16, 16);

export function storeSplats(): void {
  for (let c = 0; c < 256; c++) v128.store(SPLATS + (<usize>c << 4), i8x16.splat(<i8>c));
}

/** `c` (its low byte) in every lane: `i8x16.splat`, as a load (`SPLATS`). */
// @ts-ignore: decorator
@inline
export function splat(c: i32): v128 {
  return v128.load(SPLATS + (<usize>(c & 0xff) << 4));
}

/** `mask` of the vector loaded at `q`, without the lanes at or beyond `end`. */
// @ts-ignore: decorator
@inline
export function below(end: usize, q: usize, mask: i32): i32 {
  const left = end - q;
  return left >= 16 ? mask : mask & ((1 << <i32>left) - 1);
}

/**
 * `mask` of the vector loaded at `q`, with `q` less than 16 bytes before `end` (a scan's last,
 * partial vector) or past it, without the lanes at or beyond `end`. The scans below step whole
 * vectors without a mask while 16 bytes remain, and mask only this last one: three instructions
 * fewer per step.
 */
// @ts-ignore: decorator
@inline
export function tail(end: usize, q: usize, mask: i32): i32 {
  return q < end ? mask & ((1 << <i32>(end - q)) - 1) : 0; // a scan may start past `end`
}

/** The lane masks of four vectors as one 64-bit mask, the first vector's in the low bits. */
// @ts-ignore: decorator
@inline
export function blockBits(a: v128, b: v128, c: v128, d: v128): u64 {
  return <u64>(<u32>i8x16.bitmask(a) | (<u32>i8x16.bitmask(b) << 16)) | (<u64>(<u32>i8x16.bitmask(c) | (<u32>i8x16.bitmask(d) << 16)) << 32);
}

/** First `c` in [p, end), or `end`. */
export function findByte(p: usize, end: usize, c: i32): usize {
  const needle = splat(<i8>c);
  let q = p;
  for (; q + 16 <= end; q += 16) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(q), needle));
    if (m != 0) return q + ctz(m);
  }
  const m = tail(end, q, i8x16.bitmask(i8x16.eq(v128.load(q), needle)));
  return m != 0 ? q + ctz(m) : end;
}

/** First `a` or `b` in [p, end), or `end`. */
export function findEither(p: usize, end: usize, a: i32, b: i32): usize {
  const va = splat(<i8>a);
  const vb = splat(<i8>b);
  let q = p;
  for (; q + 16 <= end; q += 16) {
    const v = v128.load(q);
    const m = i8x16.bitmask(v128.or(i8x16.eq(v, va), i8x16.eq(v, vb)));
    if (m != 0) return q + ctz(m);
  }
  const v = v128.load(q);
  const m = tail(end, q, i8x16.bitmask(v128.or(i8x16.eq(v, va), i8x16.eq(v, vb))));
  return m != 0 ? q + ctz(m) : end;
}

/** First `/`, `?` or `#` in [p, end) (the end of a URL's authority), or `end`. */
export function findAuthorityEnd(p: usize, end: usize): usize {
  const slash = splat(0x2f);
  const question = splat(0x3f);
  const hash = splat(0x23);
  let q = p;
  for (; q + 16 <= end; q += 16) {
    const v = v128.load(q);
    const m = i8x16.bitmask(v128.or(i8x16.eq(v, slash), v128.or(i8x16.eq(v, question), i8x16.eq(v, hash))));
    if (m != 0) return q + ctz(m);
  }
  const v = v128.load(q);
  const m = tail(end, q, i8x16.bitmask(v128.or(i8x16.eq(v, slash), v128.or(i8x16.eq(v, question), i8x16.eq(v, hash)))));
  return m != 0 ? q + ctz(m) : end;
}

/**
 * Lanes of `v` outside [lo, hi] (unsigned bytes), as all-ones lanes: the range shifted to the
 * bottom of the signed range, then one signed compare (x86 has no unsigned byte compare, so a
 * `ge_u`/`le_u` pair costs seven instructions; this costs two).
 */
// @ts-ignore: decorator
@inline
export function outsideRange(v: v128, lo: i32, hi: i32): v128 {
  return i8x16.gt_s(i8x16.add(v, splat(<i8>(0x80 - lo))), splat(<i8>(hi - lo - 0x80)));
}

/** Lanes of `v` inside [lo, hi] (unsigned bytes), as all-ones lanes (`outsideRange`'s complement). */
// @ts-ignore: decorator
@inline
export function insideRange(v: v128, lo: i32, hi: i32): v128 {
  return i8x16.lt_s(i8x16.add(v, splat(<i8>(0x80 - lo))), splat(<i8>(hi - lo - 0x7f)));
}

/**
 * Bytes decoding has to look at, as a lane mask of `v`: `%`, `plus` (a splat of `+` in form
 * mode, of `%` otherwise), and anything but printable ASCII without space (controls, space, DEL,
 * bytes ≥ 0x80). percent.ts decodes with the same mask.
 */
// @ts-ignore: decorator
@inline
export function specialBits(v: v128, plus: v128): i32 {
  return i8x16.bitmask(specialLanes(v, plus));
}

/** `specialBits` as all-ones lanes. */
// @ts-ignore: decorator
@inline
function specialLanes(v: v128, plus: v128): v128 {
  const outside = outsideRange(v, 0x21, 0x7e);
  return v128.or(v128.or(i8x16.eq(v, splat(0x25)), i8x16.eq(v, plus)), outside);
}

/** `specialBits`'s `plus`: `+` in every lane in form mode (where it is a space), `%` otherwise. */
// @ts-ignore: decorator
@inline
export function specialPlus(form: bool): v128 {
  return splat(form ? 0x2b : 0x25);
}

/**
 * Whether [p, end) holds no byte decoding has to look at (`specialBits`): most values hold none,
 * so the whole vectors' lanes are or-ed and tested once, with no branch per vector.
 */
// @ts-ignore: decorator
@inline
export function noSpecial(p: usize, end: usize, form: bool): bool {
  const plus = specialPlus(form);
  let any = i64x2.splat(0);
  let q = p;
  for (; q + 16 <= end; q += 16) any = v128.or(any, specialLanes(v128.load(q), plus));
  return !v128.any_true(any) && tail(end, q, specialBits(v128.load(q), plus)) == 0;
}

/**
 * Appends `n` bytes at `dst` (non-overlapping), 16 at a time, and may write up to 15 bytes of
 * garbage after `dst + n`: only for appending to a buffer whose tail is free (a row, the scratch
 * area, the fingerprint text), where the next append overwrites them. Field values are short, and
 * engines run `memory.copy` as a call, which costs more than such a copy.
 */
// @ts-ignore: decorator
@inline
export function append(dst: usize, src: usize, n: usize): void {
  for (let i: usize = 0; i < n; i += 16) v128.store(dst + i, v128.load(src + i));
}

/**
 * `append` for values most of which are short: the first 32 bytes are copied without a loop, a
 * loop only past them. Where the lengths change from one copy to the next (a row's columns, a
 * line's parameters), a loop's exit is mispredicted often. Reads up to 31 bytes past `src + n`.
 */
// @ts-ignore: decorator
@inline
export function appendValue(dst: usize, src: usize, n: usize): void {
  v128.store(dst, v128.load(src));
  v128.store(dst, v128.load(src, 16), 16);
  if (n > 32) append(dst + 32, src + 32, n - 32);
}

/**
 * Whether `n` bytes at `a` and `b` are equal (reads up to 15 bytes past each when `n` < 16: padding
 * covers them). The differences of whole vectors are or-ed and tested once, the last 16 bytes
 * read where they end: equal keys (a memo's, whose hashes matched) are the common case.
 */
export function sameBytes(a: usize, b: usize, n: usize): bool {
  if (n < 16) return tail(n, 0, i8x16.bitmask(i8x16.ne(v128.load(a), v128.load(b)))) == 0;
  let differ = v128.xor(v128.load(a + n - 16), v128.load(b + n - 16));
  for (let i: usize = 0; i + 16 < n; i += 16) differ = v128.or(differ, v128.xor(v128.load(a + i), v128.load(b + i)));
  return !v128.any_true(differ);
}

/** First byte that is not printable ASCII or space (a control, DEL, ≥ 0x80), or `end`. */
export function findUnclean(p: usize, end: usize): usize {
  for (let q = p; q < end; q += 16) {
    const m = below(end, q, i8x16.bitmask(outsideRange(v128.load(q), 0x20, 0x7e)));
    if (m != 0) return q + ctz(m);
  }
  return end;
}

/** Lanes of `v` that a JSON string cannot hold as they are: `"`, `\` and controls (JSON's, below 0x20). */
// @ts-ignore: decorator
@inline
export function stringStops(v: v128): v128 {
  return v128.or(v128.or(i8x16.eq(v, splat(0x22)), i8x16.eq(v, splat(0x5c))), i8x16.lt_u(v, splat(0x20)));
}

/** First byte that ends a plain run inside a JSON string: `"`, `\\` or a control character; or `end`. */
export function findStringStop(p: usize, end: usize): usize {
  for (let q = p; q < end; q += 16) {
    const m = below(end, q, i8x16.bitmask(stringStops(v128.load(q))));
    if (m != 0) return q + ctz(m);
  }
  return end;
}
