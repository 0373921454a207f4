/**
 * UTF-8 well-formedness (Unicode 15, table 3-7), so every byte Firn writes is valid UTF-8:
 * an ill-formed byte becomes U+FFFD, never a trap and never a broken output file.
 */

/** Length (1–4) of the well-formed sequence at `p`, or 0 when the byte at `p` starts none. */
export function sequenceLength(p: usize, end: usize): i32 {
  const b0 = <u32>load<u8>(p);
  if (b0 < 0x80) return 1;
  if (b0 < 0xc2 || b0 > 0xf4) return 0;
  const left = end - p;
  if (b0 < 0xe0) return left >= 2 && (<u32>load<u8>(p, 1) & 0xc0) == 0x80 ? 2 : 0;
  if (left < 3) return 0;
  const b1 = <u32>load<u8>(p, 1);
  if (b0 < 0xf0) {
    // E0 needs A0..BF (no overlongs); ED needs 80..9F (no surrogates)
    const lo: u32 = b0 == 0xe0 ? 0xa0 : 0x80;
    const hi: u32 = b0 == 0xed ? 0x9f : 0xbf;
    return b1 >= lo && b1 <= hi && (<u32>load<u8>(p, 2) & 0xc0) == 0x80 ? 3 : 0;
  }
  if (left < 4) return 0;
  // F0 needs 90..BF (no overlongs); F4 needs 80..8F (nothing above U+10FFFF)
  const lo: u32 = b0 == 0xf0 ? 0x90 : 0x80;
  const hi: u32 = b0 == 0xf4 ? 0x8f : 0xbf;
  return b1 >= lo && b1 <= hi && (<u32>load<u8>(p, 2) & 0xc0) == 0x80 && (<u32>load<u8>(p, 3) & 0xc0) == 0x80 ? 4 : 0;
}

/** Writes U+FFFD (EF BF BD). */
// @ts-ignore: decorator
@inline
export function writeReplacement(dst: usize): usize {
  store<u16>(dst, 0xbfef);
  store<u8>(dst, 0xbd, 2);
  return dst + 3;
}

/**
 * Copies a well-formed sequence of `n` (2–4) bytes: two overlapping 16-bit moves, no loop and no
 * call (engines run `memory.copy` as a call into the runtime, which costs more than the copy).
 */
// @ts-ignore: decorator
@inline
export function copySequence(dst: usize, src: usize, n: usize): void {
  store<u16>(dst, load<u16>(src));
  store<u16>(dst + n - 2, load<u16>(src + n - 2));
}
