/**
 * Decodings of short escaped values (up to 24 bytes: a time zone as CloudFront logs it,
 * `Europe%252FLondon`; a structured event's `Add%2520to%2520basket`), kept by their raw bytes:
 * trackers send the same few over and over, and decoding one took several times as long as
 * finding it here. Only decodings that need no clean-up are kept, so the decoding kept is both
 * the exact one (the fingerprint's) and the column's. Direct-mapped: 256 places of 64 bytes
 * (16 KB), each checked against its raw bytes, their length and the decoding mode.
 */
import { splat } from './scan';
export const MAX_KEPT_RAW: usize = 24;
const PLACE_BITS: u64 = 8;
const PLACE: usize = 64;
/** Per place: raw bytes 0–15, 16–23, u32 raw length | mode << 8 | 1 << 16 (0: empty), u32 decoded length, the decoding (up to 24 bytes, stored as 32). */
const places: usize = memory.data(<i32>((<usize>1 << <usize>PLACE_BITS) * PLACE));

const LANES: v128 = i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

/** The `n` (≤ 24) raw bytes at `p` as two vectors, lanes past them zeroed. */
// @ts-ignore: decorator
@inline
function rawLow(p: usize, n: usize): v128 {
  return v128.and(v128.load(p), i8x16.lt_u(LANES, splat(<i8>min<usize>(n, 16))));
}
// @ts-ignore: decorator
@inline
function rawHigh(p: usize, n: usize): u64 {
  return n <= 16 ? 0 : load<u64>(p, 16) & (n >= 24 ? <u64>-1 : (<u64>1 << (<u64>(n - 16) << 3)) - 1);
}

// @ts-ignore: decorator
@inline
function placeOf(low: v128, high: u64, header: u32): usize {
  const x: u64 = (<u64>i64x2.extract_lane(low, 0) * 0x9e3779b97f4a7c15) ^ (<u64>i64x2.extract_lane(low, 1) * 0xff51afd7ed558ccd) ^ (high * 0xc4ceb9fe1a85ec53) ^ <u64>header;
  return places + <usize>((x * 0xbf58476d1ce4e5b9) >> (64 - PLACE_BITS)) * PLACE;
}

// @ts-ignore: decorator
@inline
function headerOf(n: usize, mode: i32): u32 {
  return <u32>n | (<u32>mode << 8) | (1 << 16);
}

/** The kept decoding of the `n` raw bytes at `p` in `mode`, copied to `dst` (32 bytes of room); its length, or -1. */
export function recallDecoding(dst: usize, p: usize, n: usize, mode: i32): i32 {
  const low = rawLow(p, n);
  const high = rawHigh(p, n);
  const header = headerOf(n, mode);
  const e = placeOf(low, high, header);
  if (load<u32>(e, 24) != header || load<u64>(e, 16) != high || !i8x16.all_true(i8x16.eq(v128.load(e), low))) return -1;
  v128.store(dst, v128.load(e, 32));
  v128.store(dst, v128.load(e, 48), 16);
  return <i32>load<u32>(e, 28);
}

/** Keeps the decoding (`m` ≤ 24 bytes at `decoded`) of the `n` raw bytes at `p` in `mode`. */
export function keepDecoding(p: usize, n: usize, mode: i32, decoded: usize, m: usize): void {
  const low = rawLow(p, n);
  const high = rawHigh(p, n);
  const header = headerOf(n, mode);
  const e = placeOf(low, high, header);
  v128.store(e, low);
  store<u64>(e, high, 16);
  store<u32>(e, header, 24);
  store<u32>(e, <u32>m, 28);
  v128.store(e, v128.load(decoded), 32);
  v128.store(e, v128.load(decoded, 16), 48);
}
