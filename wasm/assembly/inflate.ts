/**
 * Raw DEFLATE decoding (RFC 1951) for Firn's compressed hits (docs/protocol.md): stored, fixed-
 * and dynamic-Huffman blocks, canonical codes decoded by walking code lengths (as zlib's "puff"
 * reference decoder does). Output is bounded; malformed input returns an error, never traps.
 */

/** Per table: 16 u16 counts of codes per length, then up to 320 u16 symbols ordered by code. */
const LENCOUNT: usize = memory.data(16 * 2);
const LENSYM: usize = memory.data(288 * 2);
const DISTCOUNT: usize = memory.data(16 * 2);
const DISTSYM: usize = memory.data(30 * 2);
/** Code lengths being read for a dynamic block (19 + 288 + 32 entries). */
const LENGTHS: usize = memory.data(320 * 2);
/** Per code length, the next free position in the symbol list while building a table. */
const OFFSETS: usize = memory.data(16 * 2);

/** Base lengths and extra bits for length symbols 257–285 (RFC 1951 §3.2.5; 29 × u16 each). */
const LEN_BASE: usize = memory.data<u16>([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]);
const LEN_EXTRA: usize = memory.data<u16>([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
/** Base distances and extra bits for distance symbols 0–29 (30 × u16 each). */
const DIST_BASE: usize = memory.data<u16>([1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]);
const DIST_EXTRA: usize = memory.data<u16>([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]);
/** Order in which code-length code lengths are stored (19 bytes). */
const CLEN_ORDER: usize = memory.data<u8>([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

let src: usize = 0;
let srcEnd: usize = 0;
let bitBuf: u32 = 0;
let bitCount: u32 = 0;
let failed = false;

/** `n` bits (n ≤ 16), least significant first; past the end reads zeros and marks failure. */
function bits(n: u32): u32 {
  while (bitCount < n) {
    if (src >= srcEnd) {
      failed = true;
      return 0;
    }
    bitBuf |= <u32>load<u8>(src++) << bitCount;
    bitCount += 8;
  }
  const v = bitBuf & ((1 << n) - 1);
  bitBuf >>= n;
  bitCount -= n;
  return v;
}

/** Builds a canonical code from `n` lengths at LENGTHS + offset; false when over-subscribed. */
function build(counts: usize, symbols: usize, lengths: usize, n: i32): bool {
  memory.fill(counts, 0, 32);
  for (let s = 0; s < n; s++) {
    const l = <usize>load<u16>(lengths + (<usize>s << 1));
    store<u16>(counts + (l << 1), load<u16>(counts + (l << 1)) + 1);
  }
  let left: i32 = 1;
  for (let l = 1; l < 16; l++) {
    left = (left << 1) - <i32>load<u16>(counts + (<usize>l << 1));
    if (left < 0) return false;
  }
  // offsets of each length's first symbol, then the symbols in code order
  const offsets = OFFSETS;
  store<u16>(offsets + 2, 0);
  for (let l = 1; l < 15; l++) store<u16>(offsets + (<usize>(l + 1) << 1), load<u16>(offsets + (<usize>l << 1)) + load<u16>(counts + (<usize>l << 1)));
  for (let s = 0; s < n; s++) {
    const l = <usize>load<u16>(lengths + (<usize>s << 1));
    if (l == 0) continue;
    const o = <usize>load<u16>(offsets + (l << 1));
    store<u16>(symbols + (o << 1), <u16>s);
    store<u16>(offsets + (l << 1), <u16>(o + 1));
  }
  return true;
}

/** One symbol of a canonical code, or -1. */
function decodeSymbol(counts: usize, symbols: usize): i32 {
  let code: i32 = 0;
  let first: i32 = 0;
  let index: i32 = 0;
  for (let l = 1; l < 16; l++) {
    code |= <i32>bits(1);
    const count = <i32>load<u16>(counts + (<usize>l << 1));
    if (code - count < first) return <i32>load<u16>(symbols + (<usize>(index + (code - first)) << 1));
    index += count;
    first += count;
    first <<= 1;
    code <<= 1;
    if (failed) return -1;
  }
  return -1;
}

/**
 * Inflates `len` bytes at `input` into `out` (at most `cap` bytes). Returns the output length,
 * or -1 for malformed data, -2 when the output would exceed `cap`.
 */
export function inflateRaw(out: usize, cap: usize, input: usize, len: usize): i32 {
  src = input;
  srcEnd = input + len;
  bitBuf = 0;
  bitCount = 0;
  failed = false;
  let dst = out;
  const outEnd = out + cap;
  let last: u32 = 0;
  do {
    last = bits(1);
    const type = bits(2);
    if (failed) return -1;
    if (type == 0) {
      // stored: byte-aligned LEN, NLEN, then LEN raw bytes
      bitBuf = 0;
      bitCount = 0;
      if (srcEnd - src < 4) return -1;
      const n = <usize>load<u16>(src);
      if ((n ^ 0xffff) != <usize>load<u16>(src, 2)) return -1;
      src += 4;
      if (srcEnd - src < n) return -1;
      if (outEnd - dst < n) return -2;
      memory.copy(dst, src, n);
      src += n;
      dst += n;
      continue;
    }
    if (type == 1) fixedTables();
    else if (type == 2) {
      if (!dynamicTables()) return -1;
    } else return -1;
    // codes until end of block
    for (;;) {
      const sym = decodeSymbol(LENCOUNT, LENSYM);
      if (sym < 0) return -1;
      if (sym < 256) {
        if (dst >= outEnd) return -2;
        store<u8>(dst++, <u8>sym);
      } else if (sym == 256) break;
      else {
        const li = sym - 257;
        if (li >= 29) return -1;
        const length = <usize>load<u16>(LEN_BASE + (<usize>li << 1)) + bits(load<u16>(LEN_EXTRA + (<usize>li << 1)));
        const ds = decodeSymbol(DISTCOUNT, DISTSYM);
        if (ds < 0 || ds >= 30) return -1;
        const distance = <usize>load<u16>(DIST_BASE + (<usize>ds << 1)) + bits(load<u16>(DIST_EXTRA + (<usize>ds << 1)));
        if (failed || distance > dst - out) return -1;
        if (outEnd - dst < length) return -2;
        // byte by byte: a match may overlap its own output (distance < length)
        for (let i: usize = 0; i < length; i++) store<u8>(dst + i, load<u8>(dst + i - distance));
        dst += length;
      }
    }
  } while (last == 0);
  return <i32>(dst - out);
}

function fixedTables(): void {
  for (let s = 0; s < 288; s++) store<u16>(LENGTHS + (<usize>s << 1), <u16>(s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8));
  build(LENCOUNT, LENSYM, LENGTHS, 288);
  for (let s = 0; s < 30; s++) store<u16>(LENGTHS + (<usize>s << 1), 5);
  build(DISTCOUNT, DISTSYM, LENGTHS, 30);
}

function dynamicTables(): bool {
  const nlen = <i32>bits(5) + 257;
  const ndist = <i32>bits(5) + 1;
  const ncode = <i32>bits(4) + 4;
  if (failed || nlen > 286 || ndist > 30) return false;
  memory.fill(LENGTHS, 0, 19 * 2);
  for (let i = 0; i < ncode; i++) store<u16>(LENGTHS + (<usize>load<u8>(CLEN_ORDER + <usize>i) << 1), <u16>bits(3));
  if (!build(LENCOUNT, LENSYM, LENGTHS, 19)) return false;
  // literal/length and distance code lengths, run-length coded
  let i = 0;
  while (i < nlen + ndist) {
    const sym = decodeSymbol(LENCOUNT, LENSYM);
    if (sym < 0) return false;
    if (sym < 16) {
      store<u16>(LENGTHS + (<usize>i << 1), <u16>sym);
      i++;
      continue;
    }
    let value: u16 = 0;
    let repeat: i32;
    if (sym == 16) {
      if (i == 0) return false;
      value = load<u16>(LENGTHS + (<usize>(i - 1) << 1));
      repeat = 3 + <i32>bits(2);
    } else if (sym == 17) repeat = 3 + <i32>bits(3);
    else repeat = 11 + <i32>bits(7);
    if (i + repeat > nlen + ndist) return false;
    for (; repeat > 0; repeat--) {
      store<u16>(LENGTHS + (<usize>i << 1), value);
      i++;
    }
  }
  if (failed || load<u16>(LENGTHS + (256 << 1)) == 0) return false; // no end-of-block code
  if (!build(LENCOUNT, LENSYM, LENGTHS, nlen)) return false;
  // distance lengths follow the literal/length ones
  memory.copy(LENGTHS, LENGTHS + (<usize>nlen << 1), <usize>ndist << 1);
  return build(DISTCOUNT, DISTSYM, LENGTHS, ndist);
}
