/**
 * MD5 (RFC 1321), streaming, for event_fingerprint — the classic ETL's default algorithm, kept
 * for compatibility (enrichments.md §10), not for security.
 */
import { writeHex16 } from './chars';

const block: usize = memory.data(64);
let a0: u32 = 0;
let b0: u32 = 0;
let c0: u32 = 0;
let d0: u32 = 0;
let buffered: usize = 0;
let total: u64 = 0;

export function md5Init(): void {
  a0 = 0x67452301;
  b0 = 0xefcdab89;
  c0 = 0x98badcfe;
  d0 = 0x10325476;
  buffered = 0;
  total = 0;
}

// The four round functions, one step each (RFC 1321 §3.4); inlined, with every constant literal.
@inline function ff(a: u32, b: u32, c: u32, d: u32, x: u32, s: u32, k: u32): u32 {
  return b + rotl<u32>(a + ((b & c) | (~b & d)) + x + k, s);
}
@inline function gg(a: u32, b: u32, c: u32, d: u32, x: u32, s: u32, k: u32): u32 {
  return b + rotl<u32>(a + ((b & d) | (c & ~d)) + x + k, s);
}
@inline function hh(a: u32, b: u32, c: u32, d: u32, x: u32, s: u32, k: u32): u32 {
  return b + rotl<u32>(a + (b ^ c ^ d) + x + k, s);
}
@inline function ii(a: u32, b: u32, c: u32, d: u32, x: u32, s: u32, k: u32): u32 {
  return b + rotl<u32>(a + (c ^ (b | ~d)) + x + k, s);
}

/** One 64-byte block, unrolled (generated once from RFC 1321's tables: S and K are the literals below). */
function compress(block: usize): void {
  const w0 = load<u32>(block, 0);
  const w1 = load<u32>(block, 4);
  const w2 = load<u32>(block, 8);
  const w3 = load<u32>(block, 12);
  const w4 = load<u32>(block, 16);
  const w5 = load<u32>(block, 20);
  const w6 = load<u32>(block, 24);
  const w7 = load<u32>(block, 28);
  const w8 = load<u32>(block, 32);
  const w9 = load<u32>(block, 36);
  const w10 = load<u32>(block, 40);
  const w11 = load<u32>(block, 44);
  const w12 = load<u32>(block, 48);
  const w13 = load<u32>(block, 52);
  const w14 = load<u32>(block, 56);
  const w15 = load<u32>(block, 60);
  let a = a0;
  let b = b0;
  let c = c0;
  let d = d0;
  a = ff(a, b, c, d, w0, 7, 0xd76aa478);
  d = ff(d, a, b, c, w1, 12, 0xe8c7b756);
  c = ff(c, d, a, b, w2, 17, 0x242070db);
  b = ff(b, c, d, a, w3, 22, 0xc1bdceee);
  a = ff(a, b, c, d, w4, 7, 0xf57c0faf);
  d = ff(d, a, b, c, w5, 12, 0x4787c62a);
  c = ff(c, d, a, b, w6, 17, 0xa8304613);
  b = ff(b, c, d, a, w7, 22, 0xfd469501);
  a = ff(a, b, c, d, w8, 7, 0x698098d8);
  d = ff(d, a, b, c, w9, 12, 0x8b44f7af);
  c = ff(c, d, a, b, w10, 17, 0xffff5bb1);
  b = ff(b, c, d, a, w11, 22, 0x895cd7be);
  a = ff(a, b, c, d, w12, 7, 0x6b901122);
  d = ff(d, a, b, c, w13, 12, 0xfd987193);
  c = ff(c, d, a, b, w14, 17, 0xa679438e);
  b = ff(b, c, d, a, w15, 22, 0x49b40821);
  a = gg(a, b, c, d, w1, 5, 0xf61e2562);
  d = gg(d, a, b, c, w6, 9, 0xc040b340);
  c = gg(c, d, a, b, w11, 14, 0x265e5a51);
  b = gg(b, c, d, a, w0, 20, 0xe9b6c7aa);
  a = gg(a, b, c, d, w5, 5, 0xd62f105d);
  d = gg(d, a, b, c, w10, 9, 0x02441453);
  c = gg(c, d, a, b, w15, 14, 0xd8a1e681);
  b = gg(b, c, d, a, w4, 20, 0xe7d3fbc8);
  a = gg(a, b, c, d, w9, 5, 0x21e1cde6);
  d = gg(d, a, b, c, w14, 9, 0xc33707d6);
  c = gg(c, d, a, b, w3, 14, 0xf4d50d87);
  b = gg(b, c, d, a, w8, 20, 0x455a14ed);
  a = gg(a, b, c, d, w13, 5, 0xa9e3e905);
  d = gg(d, a, b, c, w2, 9, 0xfcefa3f8);
  c = gg(c, d, a, b, w7, 14, 0x676f02d9);
  b = gg(b, c, d, a, w12, 20, 0x8d2a4c8a);
  a = hh(a, b, c, d, w5, 4, 0xfffa3942);
  d = hh(d, a, b, c, w8, 11, 0x8771f681);
  c = hh(c, d, a, b, w11, 16, 0x6d9d6122);
  b = hh(b, c, d, a, w14, 23, 0xfde5380c);
  a = hh(a, b, c, d, w1, 4, 0xa4beea44);
  d = hh(d, a, b, c, w4, 11, 0x4bdecfa9);
  c = hh(c, d, a, b, w7, 16, 0xf6bb4b60);
  b = hh(b, c, d, a, w10, 23, 0xbebfbc70);
  a = hh(a, b, c, d, w13, 4, 0x289b7ec6);
  d = hh(d, a, b, c, w0, 11, 0xeaa127fa);
  c = hh(c, d, a, b, w3, 16, 0xd4ef3085);
  b = hh(b, c, d, a, w6, 23, 0x04881d05);
  a = hh(a, b, c, d, w9, 4, 0xd9d4d039);
  d = hh(d, a, b, c, w12, 11, 0xe6db99e5);
  c = hh(c, d, a, b, w15, 16, 0x1fa27cf8);
  b = hh(b, c, d, a, w2, 23, 0xc4ac5665);
  a = ii(a, b, c, d, w0, 6, 0xf4292244);
  d = ii(d, a, b, c, w7, 10, 0x432aff97);
  c = ii(c, d, a, b, w14, 15, 0xab9423a7);
  b = ii(b, c, d, a, w5, 21, 0xfc93a039);
  a = ii(a, b, c, d, w12, 6, 0x655b59c3);
  d = ii(d, a, b, c, w3, 10, 0x8f0ccc92);
  c = ii(c, d, a, b, w10, 15, 0xffeff47d);
  b = ii(b, c, d, a, w1, 21, 0x85845dd1);
  a = ii(a, b, c, d, w8, 6, 0x6fa87e4f);
  d = ii(d, a, b, c, w15, 10, 0xfe2ce6e0);
  c = ii(c, d, a, b, w6, 15, 0xa3014314);
  b = ii(b, c, d, a, w13, 21, 0x4e0811a1);
  a = ii(a, b, c, d, w4, 6, 0xf7537e82);
  d = ii(d, a, b, c, w11, 10, 0xbd3af235);
  c = ii(c, d, a, b, w2, 15, 0x2ad7d2bb);
  b = ii(b, c, d, a, w9, 21, 0xeb86d391);
  a0 += a;
  b0 += b;
  c0 += c;
  d0 += d;
}

export function md5Update(p: usize, n: usize): void {
  total += n;
  // whole blocks straight from the input, without copying them into the block buffer
  if (buffered == 0) {
    while (n >= 64) {
      compress(p);
      p += 64;
      n -= 64;
    }
  }
  while (n > 0) {
    const take = min(<usize>64 - buffered, n);
    memory.copy(block + buffered, p, take);
    buffered += take;
    p += take;
    n -= take;
    if (buffered == 64) {
      compress(block);
      buffered = 0;
    }
  }
}

export function md5Byte(b: u8): void {
  store<u8>(block + buffered, b);
  total++;
  if (++buffered == 64) {
    compress(block);
    buffered = 0;
  }
}

/** Finishes and writes the digest as 32 lower-case hex digits; returns the end. */
export function md5Hex(dst: usize): usize {
  const bits = total << 3;
  md5Byte(0x80);
  while (buffered != 56) md5Byte(0);
  store<u64>(block + 56, bits);
  compress(block);
  buffered = 0;
  return writeHex16(dst, i32x4(a0, b0, c0, d0)); // the digest is the four words, little-endian
}
