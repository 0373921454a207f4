/**
 * MurmurHash3 x64 128 (Austin Appleby, public domain): a fast, well-studied non-cryptographic
 * hash, 16 bytes per step. Used where only equality matters: derived event ids and the `murmur3`
 * event_fingerprint (the default is XXH3: xxh3.ts). Incremental: `hashBegin`, `hashUpdate` (any
 * split, same result), `hashEnd`.
 */
import { writeHex16 } from './chars';

const C1: u64 = 0x87c37b91114253d5;
const C2: u64 = 0x4cf5ad432745937f;

@inline function fmix(k: u64): u64 {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccd;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53;
  k ^= k >> 33;
  return k;
}

export let h1: u64 = 0;
export let h2: u64 = 0;
let total: u64 = 0;
/** Bytes of an unfinished 16-byte block, carried to the next update. */
const pending: usize = memory.data(16);
let pendingLen: usize = 0;

export function hashBegin(seed: u64): void {
  h1 = seed;
  h2 = seed;
  total = 0;
  pendingLen = 0;
}

/** A block's first and second word, scrambled before they are mixed into h1 and h2 (also the tail's). */
@inline function scramble1(k: u64): u64 {
  return rotl<u64>(k * C1, 31) * C2;
}
@inline function scramble2(k: u64): u64 {
  return rotl<u64>(k * C2, 33) * C1;
}

/** Mixes the whole 16-byte blocks from `p` to `end`. */
function blocks(p: usize, end: usize): void {
  // the state lives in locals through the loop: as globals, the engine stores and reloads them every block
  let x1 = h1;
  let x2 = h2;
  for (; p < end; p += 16) {
    x1 = (rotl<u64>(x1 ^ scramble1(load<u64>(p)), 27) + x2) * 5 + 0x52dce729;
    x2 = (rotl<u64>(x2 ^ scramble2(load<u64>(p, 8)), 31) + x1) * 5 + 0x38495ab5;
  }
  h1 = x1;
  h2 = x2;
}

export function hashUpdate(p: usize, n: usize): void {
  total += n;
  if (pendingLen > 0) {
    const take = min(<usize>16 - pendingLen, n);
    memory.copy(pending + pendingLen, p, take);
    pendingLen += take;
    p += take;
    n -= take;
    if (pendingLen < 16) return;
    blocks(pending, pending + 16);
    pendingLen = 0;
  }
  const end = p + (n & ~15);
  blocks(p, end);
  p = end;
  pendingLen = n & 15;
  if (pendingLen > 0) memory.copy(pending, p, pendingLen);
}

/** Finishes: the 128-bit result is in (h1, h2). */
export function hashEnd(): void {
  // tail: bytes little-endian into two words, as the reference implementation does
  let k1: u64 = 0;
  let k2: u64 = 0;
  for (let i = <i32>pendingLen - 1; i >= 0; i--) {
    const b = <u64>load<u8>(pending + <usize>i);
    if (i >= 8) k2 = (k2 << 8) | b;
    else k1 = (k1 << 8) | b;
  }
  if (pendingLen > 8) h2 ^= scramble2(k2);
  if (pendingLen > 0) h1 ^= scramble1(k1);
  h1 ^= total;
  h2 ^= total;
  h1 += h2;
  h2 += h1;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 += h2;
  h2 += h1;
}

/** Writes the 128-bit result as 32 hex digits, h1 then h2, each most significant nibble first. */
export function writeHashHex(dst: usize, hi: u64, lo: u64): usize {
  return writeHex16(dst, i64x2(bswap<u64>(hi), bswap<u64>(lo)));
}

/**
 * A quick 32-bit key of `n` bytes for the parser's memos, which check every hit against the
 * stored bytes; not MurmurHash: a key needs no quality beyond spreading entries. 16 bytes a step
 * in two independent chains: a multiply's latency bounds a chain, and one chain 8 bytes a step
 * was a third of a memo lookup's time on a 130-byte User-Agent. Reads up to 7 bytes past the end
 * (masked off).
 */
export function keyHash(p: usize, n: usize): u32 {
  let h: u64 = <u64>n * 0x9e3779b97f4a7c15;
  let g: u64 = 0x2545f4914f6cdd1d;
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    h = rotl<u64>((h ^ load<u64>(p + i)) * 0xff51afd7ed558ccd, 29);
    g = rotl<u64>((g ^ load<u64>(p + i, 8)) * 0xc4ceb9fe1a85ec53, 29);
  }
  if (i + 8 <= n) {
    h = rotl<u64>((h ^ load<u64>(p + i)) * 0xff51afd7ed558ccd, 29);
    i += 8;
  }
  if (i < n) g = (g ^ (load<u64>(p + i) & ((<u64>1 << (<u64>(n - i) << 3)) - 1))) * 0xc4ceb9fe1a85ec53;
  h ^= rotl<u64>(g, 32) * 0x9e3779b97f4a7c15;
  // the high half of a product depends on every bit of its input; the low half only on the low
  // bits, which left the tail's last bytes (`…/item-7`, `…/item-8`) out of the caches' low index bits
  return <u32>(((h ^ (h >> 29)) * 0xbf58476d1ce4e5b9) >> 32);
}
