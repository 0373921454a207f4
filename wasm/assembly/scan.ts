/**
 * Finding bytes 16 at a time (WebAssembly SIMD): compare a whole vector, take the bitmask,
 * count trailing zeros. Reads may run up to 15 bytes past `end` (never used: the mask drops
 * them); layout.ts keeps padding after the last buffer so those reads stay in memory.
 */

@inline function below(end: usize, q: usize, mask: i32): i32 {
  // lanes at or beyond `end` do not count
  const left = end - q;
  return left >= 16 ? mask : mask & ((1 << <i32>left) - 1);
}

/** First `c` in [p, end), or `end`. */
export function findByte(p: usize, end: usize, c: i32): usize {
  const needle = i8x16.splat(<i8>c);
  for (let q = p; q < end; q += 16) {
    const m = below(end, q, i8x16.bitmask(i8x16.eq(v128.load(q), needle)));
    if (m != 0) return q + ctz(m);
  }
  return end;
}

/** First `a` or `b` in [p, end), or `end`. */
export function findEither(p: usize, end: usize, a: i32, b: i32): usize {
  const va = i8x16.splat(<i8>a);
  const vb = i8x16.splat(<i8>b);
  for (let q = p; q < end; q += 16) {
    const v = v128.load(q);
    const m = below(end, q, i8x16.bitmask(v128.or(i8x16.eq(v, va), i8x16.eq(v, vb))));
    if (m != 0) return q + ctz(m);
  }
  return end;
}

/**
 * First byte decoding has to look at, or `end`: `%`, `+` (in form mode), and anything but
 * printable ASCII without space (controls, space, DEL, bytes ≥ 0x80).
 */
export function findSpecial(p: usize, end: usize, form: bool): usize {
  const percent = i8x16.splat(0x25);
  const plus = i8x16.splat(form ? 0x2b : 0x25);
  const low = i8x16.splat(0x21);
  const high = i8x16.splat(0x7e);
  for (let q = p; q < end; q += 16) {
    const v = v128.load(q);
    const special = v128.or(v128.or(i8x16.eq(v, percent), i8x16.eq(v, plus)), v128.or(i8x16.lt_u(v, low), i8x16.gt_u(v, high)));
    const m = below(end, q, i8x16.bitmask(special));
    if (m != 0) return q + ctz(m);
  }
  return end;
}

/**
 * Copies `n` bytes (non-overlapping). Short copies, the common case for field values, go 8
 * bytes at a time in wasm: engines run `memory.copy` as a call, which costs more than the copy.
 */
// @ts-ignore: decorator
@inline
export function copy(dst: usize, src: usize, n: usize): void {
  if (n > 64) {
    memory.copy(dst, src, n);
    return;
  }
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) store<u64>(dst + i, load<u64>(src + i));
  for (; i < n; i++) store<u8>(dst + i, load<u8>(src + i));
}

/** First byte that is not printable ASCII or space (a control, DEL, ≥ 0x80), or `end`. */
export function findUnclean(p: usize, end: usize): usize {
  const low = i8x16.splat(0x20);
  const high = i8x16.splat(0x7e);
  for (let q = p; q < end; q += 16) {
    const v = v128.load(q);
    const m = below(end, q, i8x16.bitmask(v128.or(i8x16.lt_u(v, low), i8x16.gt_u(v, high))));
    if (m != 0) return q + ctz(m);
  }
  return end;
}

/** First byte that ends a plain run inside a JSON string: `"`, `\\` or a control character; or `end`. */
export function findStringStop(p: usize, end: usize): usize {
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  for (let q = p; q < end; q += 16) {
    const v = v128.load(q);
    const stop = v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.lt_u(v, space));
    const m = below(end, q, i8x16.bitmask(stop));
    if (m != 0) return q + ctz(m);
  }
  return end;
}
