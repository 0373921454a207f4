/**
 * XXH3 128 (Yann Collet, BSD-2-Clause; written here from doc/xxhash_spec.md of the xxHash
 * repository, seed 0, default secret): the default event_fingerprint. A fingerprint's text is
 * mostly over 240 bytes, where XXH3 takes 64 bytes per step in four vectors with no chain between
 * steps but one add; MurmurHash3's chain of dependent multiplies took 2.7 times as long on it.
 * One shot: the result is in (`xxhLow`, `xxhHigh`); canonical hex is high then low.
 */

const PRIME32_1: u64 = 0x9e3779b1;
const PRIME32_2: u64 = 0x85ebca77;
const PRIME32_3: u64 = 0xc2b2ae3d;
const PRIME64_1: u64 = 0x9e3779b185ebca87;
const PRIME64_2: u64 = 0xc2b2ae3d27d4eb4f;
const PRIME64_3: u64 = 0x165667b19e3779f9;
const PRIME64_4: u64 = 0x85ebca77c2b2ae63;
const PRIME64_5: u64 = 0x27d4eb2f165667c5;
const PRIME_MX1: u64 = 0x165667919e3779f9;
const PRIME_MX2: u64 = 0x9fb21c651e98df25;

/** The spec's default secret; XXH3 reads it as little-endian words at byte offsets. */
const SECRET = memory.data<u8>([
  0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
  0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
  0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
  0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
  0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb, 0x88, 0xd0, 0x65, 0x8b, 0x1b, 0x53, 0x2e, 0xa3,
  0x71, 0x64, 0x48, 0x97, 0xa2, 0x0d, 0xf9, 0x4e, 0x38, 0x19, 0xef, 0x46, 0xa9, 0xde, 0xac, 0xd8,
  0xa8, 0xfa, 0x76, 0x3f, 0xe3, 0x9c, 0x34, 0x3f, 0xf9, 0xdc, 0xbb, 0xc7, 0xc7, 0x0b, 0x4f, 0x1d,
  0x8a, 0x51, 0xe0, 0x4b, 0xcd, 0xb4, 0x59, 0x31, 0xc8, 0x9f, 0x7e, 0xc9, 0xd9, 0x78, 0x73, 0x64,
  0xea, 0xc5, 0xac, 0x83, 0x34, 0xd3, 0xeb, 0xc3, 0xc5, 0x81, 0xa0, 0xff, 0xfa, 0x13, 0x63, 0xeb,
  0x17, 0x0d, 0xdd, 0x51, 0xb7, 0xf0, 0xda, 0x49, 0xd3, 0x16, 0x55, 0x26, 0x29, 0xd4, 0x68, 0x9e,
  0x2b, 0x16, 0xbe, 0x58, 0x7d, 0x47, 0xa1, 0xfc, 0x8f, 0xf8, 0xb8, 0xd1, 0x7a, 0xd0, 0x31, 0xce,
  0x45, 0xcb, 0x3a, 0x8f, 0x95, 0x16, 0x04, 0x28, 0xaf, 0xd7, 0xfb, 0xca, 0xbb, 0x4b, 0x40, 0x7e,
]);
const SECRET_BYTES: usize = 192;
const STRIPE: usize = 64;
/** Stripes per block: the secret offset moves 8 bytes per stripe while 64 bytes of it remain. */
const STRIPES: usize = (SECRET_BYTES - STRIPE) / 8;

export let xxhLow: u64 = 0;
export let xxhHigh: u64 = 0;

// @ts-ignore: decorator
@inline function secret64(at: usize): u64 {
  return load<u64>(SECRET + at);
}

/** The high half of the last `mul128`. */
let productHigh: u64 = 0;

/** The 128-bit product of a and b from four 32-bit products (wasm has no 64×64→128 multiply): its low half, the high in `productHigh`. */
// @ts-ignore: decorator
@inline function mul128(a: u64, b: u64): u64 {
  const aLo = a & 0xffffffff;
  const aHi = a >> 32;
  const bLo = b & 0xffffffff;
  const bHi = b >> 32;
  const ll = aLo * bLo;
  const hl = aHi * bLo;
  const cross = (ll >> 32) + (hl & 0xffffffff) + aLo * bHi;
  productHigh = (hl >> 32) + (cross >> 32) + aHi * bHi;
  return (cross << 32) | (ll & 0xffffffff);
}

/**
 * Per lane, the 128-bit product of a and b folded (low half xor high half), from 32-bit products
 * two at a time: half the scalar multiplies, and no lane moves to scalar and back.
 */
// @ts-ignore: decorator
@inline function foldedProducts(a: v128, b: v128): v128 {
  const as = i32x4.shuffle(a, a, 0, 2, 1, 3); // a's low halves, then high halves
  const bs = i32x4.shuffle(b, b, 0, 2, 1, 3);
  const bt = i32x4.shuffle(b, b, 1, 3, 0, 2); // b's high halves, then low halves
  const ll = i64x2.extmul_low_i32x4_u(as, bs);
  const hh = i64x2.extmul_high_i32x4_u(as, bs);
  const lh = i64x2.extmul_low_i32x4_u(as, bt);
  const hl = i64x2.extmul_high_i32x4_u(as, bt);
  const low32 = i64x2.splat(0xffffffff);
  const cross = i64x2.add(i64x2.add(i64x2.shr_u(ll, 32), v128.and(hl, low32)), lh);
  const high = i64x2.add(i64x2.add(i64x2.shr_u(hl, 32), i64x2.shr_u(cross, 32)), hh);
  const low = v128.or(i64x2.shl(cross, 32), v128.and(ll, low32));
  return v128.xor(low, high);
}

// @ts-ignore: decorator
@inline function avalanche(x: u64): u64 {
  x ^= x >> 37;
  x *= PRIME_MX1;
  return x ^ (x >> 32);
}

function avalancheXXH64(x: u64): u64 {
  x ^= x >> 33;
  x *= PRIME64_2;
  x ^= x >> 29;
  x *= PRIME64_3;
  return x ^ (x >> 32);
}

/** Hashes `n` bytes at `p`. */
export function xxh128(p: usize, n: usize): void {
  if (n > 240) long(p, n);
  else if (n > 128) medium(p, n);
  else if (n > 16) short(p, n);
  else if (n > 8) upTo16(p, n);
  else if (n >= 4) upTo8(p, n);
  else if (n > 0) upTo3(p, n);
  else {
    xxhLow = avalancheXXH64(secret64(64) ^ secret64(72));
    xxhHigh = avalancheXXH64(secret64(80) ^ secret64(88));
  }
}

function upTo3(p: usize, n: usize): void {
  const combined = <u32>load<u8>(p + n - 1) | (<u32>n << 8) | (<u32>load<u8>(p) << 16) | (<u32>load<u8>(p + (n >> 1)) << 24);
  xxhLow = avalancheXXH64(<u64>(load<u32>(SECRET) ^ load<u32>(SECRET, 4)) ^ <u64>combined);
  xxhHigh = avalancheXXH64(<u64>(load<u32>(SECRET, 8) ^ load<u32>(SECRET, 12)) ^ <u64>rotl<u32>(bswap<u32>(combined), 13));
}

function upTo8(p: usize, n: usize): void {
  const combined = <u64>load<u32>(p) | (<u64>load<u32>(p + n - 4) << 32);
  const value = secret64(16) ^ secret64(24) ^ combined;
  const low = mul128(value, PRIME64_1 + (<u64>n << 2));
  const high = productHigh + (low << 1);
  let l = low ^ (high >> 3);
  l ^= l >> 35;
  l *= PRIME_MX2;
  xxhLow = l ^ (l >> 28);
  xxhHigh = avalanche(high);
}

function upTo16(p: usize, n: usize): void {
  const first = load<u64>(p);
  const last = load<u64>(p + n - 8);
  const val1 = secret64(32) ^ secret64(40) ^ first ^ last;
  const val2 = secret64(48) ^ secret64(56) ^ last;
  let low = mul128(val1, PRIME64_1) + (<u64>(n - 1) << 54);
  let high = productHigh + val2 + (val2 & 0xffffffff) * (PRIME32_2 - 1);
  low ^= bswap<u64>(high);
  const low2 = mul128(low, PRIME64_2);
  high = productHigh + high * PRIME64_2;
  xxhLow = avalanche(low2);
  xxhHigh = avalanche(high);
}

/**
 * The two accumulators of the 17–240-byte paths, as one vector, after mixing two 16-byte chunks
 * with 32 bytes of the secret from `s` (seed 0): acc0 = (acc0 + fold(d1 ^ secret)) ^ (d2's words
 * summed), acc1 = (acc1 + fold(d2 ^ secret + 16)) ^ (d1's words summed).
 */
// @ts-ignore: decorator
@inline function mixed(acc: v128, d1: usize, d2: usize, s: usize): v128 {
  const x = v128.load(d1);
  const y = v128.load(d2);
  const kx = v128.xor(x, v128.load(s));
  const ky = v128.xor(y, v128.load(s, 16));
  const products = foldedProducts(i64x2.shuffle(kx, ky, 0, 2), i64x2.shuffle(kx, ky, 1, 3));
  const sums = i64x2.add(i64x2.shuffle(y, x, 0, 2), i64x2.shuffle(y, x, 1, 3));
  return v128.xor(i64x2.add(acc, products), sums);
}

function finishMedium(acc: v128, n: usize): void {
  const acc0 = <u64>i64x2.extract_lane(acc, 0);
  const acc1 = <u64>i64x2.extract_lane(acc, 1);
  xxhLow = avalanche(acc0 + acc1);
  xxhHigh = 0 - avalanche(acc0 * PRIME64_1 + acc1 * PRIME64_4 + <u64>n * PRIME64_2);
}

/** 17–128 bytes: chunks from both ends, paired. */
function short(p: usize, n: usize): void {
  let acc = i64x2(<i64>(<u64>n * PRIME64_1), 0);
  for (let i = <isize>((n - 1) >> 5); i >= 0; i--) acc = mixed(acc, p + (<usize>i << 4), p + n - (<usize>i << 4) - 16, SECRET + (<usize>i << 5));
  finishMedium(acc, n);
}

/** 129–240 bytes: 32-byte chunks, an avalanche after the first four, then the last 32 bytes. */
function medium(p: usize, n: usize): void {
  let acc = i64x2(<i64>(<u64>n * PRIME64_1), 0);
  for (let i: usize = 0; i < 4; i++) acc = mixed(acc, p + (i << 5), p + (i << 5) + 16, SECRET + (i << 5));
  acc = i64x2(<i64>avalanche(<u64>i64x2.extract_lane(acc, 0)), <i64>avalanche(<u64>i64x2.extract_lane(acc, 1)));
  const chunks = n >> 5;
  for (let i: usize = 4; i < chunks; i++) acc = mixed(acc, p + (i << 5), p + (i << 5) + 16, SECRET + ((i - 4) << 5) + 3);
  acc = mixed(acc, p + n - 16, p + n - 32, SECRET + 103);
  finishMedium(acc, n);
}

/**
 * One lane pair's step: acc += its data with the two words swapped, plus, per word, the low
 * 32 bits of (data ^ secret) times the high 32 bits.
 */
// @ts-ignore: decorator
@inline function step(acc: v128, d: v128, s: usize): v128 {
  const k = v128.xor(d, v128.load(s));
  const product = i64x2.extmul_low_i32x4_u(i32x4.shuffle(k, k, 0, 2, 0, 2), i32x4.shuffle(k, k, 1, 3, 1, 3));
  return i64x2.add(i64x2.add(acc, i64x2.shuffle(d, d, 1, 0)), product);
}

// @ts-ignore: decorator
@inline function scrambled(acc: v128, s: usize): v128 {
  const x = v128.xor(v128.xor(acc, i64x2.shr_u(acc, 47)), v128.load(s));
  return i64x2.mul(x, i64x2.splat(<i64>PRIME32_1));
}

/** init plus the folded products of the accumulators' word pairs, each xored with the secret from `s`, avalanched. */
// @ts-ignore: decorator
@inline function merged(a0: v128, a1: v128, a2: v128, a3: v128, init: u64, s: usize): u64 {
  const x0 = v128.xor(a0, v128.load(s));
  const x1 = v128.xor(a1, v128.load(s, 16));
  const x2 = v128.xor(a2, v128.load(s, 32));
  const x3 = v128.xor(a3, v128.load(s, 48));
  const f = i64x2.add(
    foldedProducts(i64x2.shuffle(x0, x1, 0, 2), i64x2.shuffle(x0, x1, 1, 3)),
    foldedProducts(i64x2.shuffle(x2, x3, 0, 2), i64x2.shuffle(x2, x3, 1, 3)),
  );
  return avalanche(init + <u64>i64x2.extract_lane(f, 0) + <u64>i64x2.extract_lane(f, 1));
}

/**
 * Over 240 bytes: 1024-byte blocks of 16 stripes, each block but the last followed by a scramble;
 * the last 64 bytes are a stripe of their own. The eight 64-bit accumulators, two per vector,
 * stay in locals throughout (as globals, the engine stores and reloads them at every call).
 */
function long(p: usize, n: usize): void {
  let a0 = i64x2(<i64>PRIME32_3, <i64>PRIME64_1);
  let a1 = i64x2(<i64>PRIME64_2, <i64>PRIME64_3);
  let a2 = i64x2(<i64>PRIME64_4, <i64>PRIME32_2);
  let a3 = i64x2(<i64>PRIME64_5, <i64>PRIME32_1);
  const lastStripe = p + n - STRIPE;
  // every stripe before the last, (n - 1) / 64 of them: the secret moves 8 bytes a stripe, and
  // after 16 a block is complete (n - 1 ≥ 1024 per block so far: a full one), scrambled, and the secret starts over
  for (let s = SECRET; p < lastStripe; p += STRIPE) {
    a0 = step(a0, v128.load(p), s);
    a1 = step(a1, v128.load(p, 16), s + 16);
    a2 = step(a2, v128.load(p, 32), s + 32);
    a3 = step(a3, v128.load(p, 48), s + 48);
    s += 8;
    if (s == SECRET + STRIPES * 8) {
      const scramble = SECRET + SECRET_BYTES - STRIPE;
      a0 = scrambled(a0, scramble);
      a1 = scrambled(a1, scramble + 16);
      a2 = scrambled(a2, scramble + 32);
      a3 = scrambled(a3, scramble + 48);
      s = SECRET;
    }
  }
  const s = SECRET + SECRET_BYTES - STRIPE - 7;
  a0 = step(a0, v128.load(lastStripe), s);
  a1 = step(a1, v128.load(lastStripe, 16), s + 16);
  a2 = step(a2, v128.load(lastStripe, 32), s + 32);
  a3 = step(a3, v128.load(lastStripe, 48), s + 48);
  xxhLow = merged(a0, a1, a2, a3, <u64>n * PRIME64_1, SECRET + 11);
  xxhHigh = merged(a0, a1, a2, a3, ~(<u64>n * PRIME64_2), SECRET + SECRET_BYTES - STRIPE - 11);
}
