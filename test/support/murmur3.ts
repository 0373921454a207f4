/**
 * MurmurHash3 x64 128 in plain TypeScript with BigInt: an independent reference for the
 * parser's wasm version, itself checked against SMHasher's verification value.
 */
const M = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;
const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M;
const fmix = (k: bigint): bigint => {
  k ^= k >> 33n;
  k = (k * 0xff51afd7ed558ccdn) & M;
  k ^= k >> 33n;
  k = (k * 0xc4ceb9fe1a85ec53n) & M;
  return k ^ (k >> 33n);
};
const word = (b: Uint8Array, at: number, n = 8): bigint => {
  let v = 0n;
  for (let i = Math.min(n, b.length - at) - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i]!);
  return v;
};

/** [h1, h2] of MurmurHash3_x64_128(bytes, seed). */
export function murmur3(bytes: Uint8Array, seed: number): [bigint, bigint] {
  let h1 = BigInt(seed);
  let h2 = BigInt(seed);
  const blocks = Math.floor(bytes.length / 16);
  for (let i = 0; i < blocks; i++) {
    let k1 = word(bytes, i * 16);
    let k2 = word(bytes, i * 16 + 8);
    k1 = (rotl((k1 * C1) & M, 31n) * C2) & M;
    h1 = (((rotl(h1 ^ k1, 27n) + h2) & M) * 5n + 0x52dce729n) & M;
    k2 = (rotl((k2 * C2) & M, 33n) * C1) & M;
    h2 = (((rotl(h2 ^ k2, 31n) + h1) & M) * 5n + 0x38495ab5n) & M;
  }
  const tail = bytes.length - blocks * 16;
  if (tail > 8) h2 ^= (rotl((word(bytes, blocks * 16 + 8, tail - 8) * C2) & M, 33n) * C1) & M;
  if (tail > 0) h1 ^= (rotl((word(bytes, blocks * 16, Math.min(tail, 8)) * C1) & M, 31n) * C2) & M;
  const len = BigInt(bytes.length);
  h1 ^= len;
  h2 ^= len;
  h1 = (h1 + h2) & M;
  h2 = (h2 + h1) & M;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) & M;
  h2 = (h2 + h1) & M;
  return [h1, h2];
}

/** The hash's 16 output bytes: h1 then h2, each little-endian, as the C reference writes them. */
export function murmur3Bytes(bytes: Uint8Array, seed: number): Uint8Array {
  const [h1, h2] = murmur3(bytes, seed);
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[i] = Number((h1 >> BigInt(8 * i)) & 0xffn);
    out[8 + i] = Number((h2 >> BigInt(8 * i)) & 0xffn);
  }
  return out;
}
