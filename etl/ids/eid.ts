/**
 * Event ids as 128-bit numbers: the 36-byte `event_id` text (8-4-4-4-12 hex digits, any case)
 * read straight out of the parser's output as four u32 words, most significant first. Words
 * compare like the id's bytes, so sorted word arrays are sorted id files (`id-file.ts`), and
 * upper- and lower-case spellings of one id are the same id.
 */

/** Hex digit values by byte (-1: not a hex digit). */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEX[0x41 + i] = HEX[0x61 + i] = 10 + i;

/** Where the 32 hex digits are in the 36 bytes (the dashes are at 8, 13, 18 and 23). */
const DIGITS = Uint8Array.from([...Array(36).keys()].filter((i) => i !== 8 && i !== 13 && i !== 18 && i !== 23));

/** Words per id. */
export const ID_WORDS = 4;
/** Bytes per id in an id file. */
export const ID_BYTES = 16;

/**
 * Reads the id whose text starts at `bytes[at]` into `out[o..o+3]`. False when the text is not
 * a UUID (the parser only writes UUIDs, so this is a guard, not a path).
 */
export function readEventId(bytes: Uint8Array, at: number, out: Uint32Array, o = 0): boolean {
  if (at + 36 > bytes.length || bytes[at + 8] !== 0x2d || bytes[at + 13] !== 0x2d || bytes[at + 18] !== 0x2d || bytes[at + 23] !== 0x2d) return false;
  let bad = 0;
  for (let w = 0; w < ID_WORDS; w++) {
    let v = 0;
    for (let d = w * 8; d < w * 8 + 8; d++) {
      const h = HEX[bytes[at + DIGITS[d]!]!]!;
      bad |= h;
      v = (v << 4) | (h & 15);
    }
    out[o + w] = v >>> 0;
  }
  return bad >= 0;
}

/** The same from a string (fragment records carry their eid as JSON text). */
export function parseEventId(text: string, out: Uint32Array = new Uint32Array(ID_WORDS), o = 0): Uint32Array | null {
  return text.length === 36 && readEventId(Buffer.from(text, 'latin1'), 0, out, o) ? out : null;
}

/** Canonical lower-case text of the id at `words[o..o+3]`. */
export function eventIdText(words: Uint32Array, o = 0): string {
  const hex = [0, 1, 2, 3].map((w) => words[o + w]!.toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** -1, 0 or 1 as id `a[ao..]` sorts before, equal to, or after id `b[bo..]`. */
export function compareIds(a: Uint32Array, ao: number, b: Uint32Array, bo: number): number {
  for (let w = 0; w < ID_WORDS; w++) {
    const x = a[ao + w]!;
    const y = b[bo + w]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
