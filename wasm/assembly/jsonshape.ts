/**
 * JSON validation by difference. Trackers send the same contexts and events hit after hit with
 * only values changed (a page view id, a timestamp), so a new text mostly differs from the last
 * valid one inside string contents alone. Such a text reads as exactly the same tokens, so it is
 * valid too, and checking that is a compare of the two texts, 16 bytes at a time, where a parse
 * (json.ts) walks every token: the bench log, whose contexts differ in a page view id alone, is
 * parsed 7 % faster, and 12 % with its base64 decoded by difference too (`decodedLike`).
 *
 * Per JSON column one valid text (up to REFERENCE_MAX bytes) is the reference, kept with a mask of
 * its plain string bytes: inside strings, not a quote, not part of an escape. A text of the same
 * length is valid when every byte that differs is plain in the reference and, in the new text, a
 * byte a string holds as it is (scan.ts `stringStops`): then every string still ends where it
 * did, no escape changed, and every byte outside strings is the same. Anything else is parsed,
 * and becomes the reference when valid and of the same length as the column's last parsed text.
 */
import { Char } from './chars';
import { isJson } from './json';
import { allSextets, blockBytes, sextets } from './base64';
import { append, below, findByte, findStringStop, outsideRange, splat, stringStops } from './scan';

/** Texts longer than this are always parsed (and their reference stays as it was). */
const REFERENCE_MAX: usize = 4096;
/** One reference per JSON column: 0 contexts, 1 unstruct_event. */
const REFERENCES: usize = 2;
/** A reference's room: vectors read its text and write its mask up to 15 bytes past the end. */
const STRIDE: usize = REFERENCE_MAX + 16;
/** The references' texts and masks (0xFF: a plain string byte). */
const texts: usize = memory.data(<i32>(REFERENCES * STRIDE));
const masks: usize = memory.data(<i32>(REFERENCES * STRIDE));
/** Per reference: its length (0: none yet; a valid JSON text is never empty). */
const lengths: usize = memory.data(<i32>(REFERENCES * 4));
/** Per reference: the length of the last text of its column that was parsed. */
const missedLengths: usize = memory.data(<i32>(REFERENCES * 4));
/**
 * Per reference: the base64 text it was decoded from (`cx`, `ue_px`), when its decoding needed
 * no clean-up, and that text's length (0: none). Base64 turns each 16 characters into 12 bytes
 * on their own, so a new base64 text that differs from it only in some whole blocks of 16 needs
 * only those blocks decoded: the rest of its JSON text is the reference's.
 */
const RAW_MAX: usize = REFERENCE_MAX / 3 * 4 + 4;
const RAW_STRIDE: usize = RAW_MAX + 16;
const raws: usize = memory.data(<i32>(REFERENCES * RAW_STRIDE));
const rawLengths: usize = memory.data(<i32>(REFERENCES * 4));

/**
 * Whether the `n` bytes at `p` are one JSON value (json.ts `isJson`), checked against reference
 * `ref` first; `raw`, `rawLen`: the base64 text they are the exact decoding of (0, 0: none).
 */
export function isJsonLike(p: usize, n: usize, ref: usize, raw: usize = 0, rawLen: usize = 0): bool {
  const text = texts + ref * STRIDE;
  const mask = masks + ref * STRIDE;
  if (<usize>load<u32>(lengths + (ref << 2)) == n && differsInStrings(p, text, mask, n)) return true;
  if (!isJson(p, n)) return false;
  // kept only when the last text parsed had this length too: where every text has a length of its
  // own (a context holding a URL), keeping each cost more (-7 %) than the compares could save
  const missed = missedLengths + (ref << 2);
  if (n <= REFERENCE_MAX && <usize>load<u32>(missed) == n) {
    keep(p, n, text, mask, ref);
    const kept = rawLen <= RAW_MAX ? rawLen : 0;
    memory.copy(raws + ref * RAW_STRIDE, raw, kept);
    store<u32>(rawLengths + (ref << 2), <u32>kept);
  }
  store<u32>(missed, <u32>n);
  return true;
}

/**
 * The JSON text of base64 text `v` (`n` characters) written at `dst` when it differs from the
 * base64 text of reference `ref` only in blocks of 16 characters that decode to bytes that differ
 * from the reference's only where `differsInStrings` allows and are clean text (text.ts changes
 * nothing); returns its end, or 0 when the text must be decoded and parsed. `dst` must have 16
 * bytes of room after the text.
 */
export function decodedLike(dst: usize, v: usize, n: usize, ref: usize): usize {
  if (n == 0 || <usize>load<u32>(rawLengths + (ref << 2)) != n) return 0;
  // the characters that carry bits, without the padding (as base64Decode reads them): as many
  // as the reference's when they decode to as many bytes
  let chars = n;
  if (load<u8>(v + chars - 1) == Char.EQUALS) chars--;
  if (chars > 0 && load<u8>(v + chars - 1) == Char.EQUALS) chars--;
  const len = <usize>load<u32>(lengths + (ref << 2));
  const rest = chars & 3;
  if (rest == 1 || (chars >> 2) * 3 + (rest == 0 ? 0 : rest - 1) != len) return 0;
  const raw = raws + ref * RAW_STRIDE;
  const text = texts + ref * STRIDE;
  const mask = masks + ref * STRIDE;
  append(dst, text, len); // a call, as engines run `memory.copy`, cost more than the copy
  const lanes = i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  for (let i: usize = 0, t: usize = 0; i < chars; i += 16, t += 12) {
    // most of a text is the reference's: four blocks compared in one step (one branch, not four)
    while (i + 64 <= n && !v128.any_true(v128.or(
      v128.or(v128.xor(v128.load(v + i), v128.load(raw + i)), v128.xor(v128.load(v + i, 16), v128.load(raw + i, 16))),
      v128.or(v128.xor(v128.load(v + i, 32), v128.load(raw + i, 32)), v128.xor(v128.load(v + i, 48), v128.load(raw + i, 48))),
    ))) {
      i += 64;
      t += 48;
    }
    if (i >= chars) break;
    let block = v128.load(v + i);
    if (below(n, i, i8x16.bitmask(i8x16.ne(block, v128.load(raw + i)))) == 0) continue;
    // past the last character (a partial block, padding): `A`, whose sextet 0 adds no bits
    if (i + 16 > chars) block = v128.bitselect(block, splat(0x41), i8x16.lt_u(lanes, splat(<i8>(chars - i))));
    const six = sextets(block);
    if (!allSextets(six)) return 0;
    const bytes = blockBytes(six);
    const old = v128.load(text + t);
    const inText = i8x16.lt_u(lanes, splat(<i8>min<usize>(12, len - t))); // the block's bytes: 12, fewer in the last
    const changed = v128.and(i8x16.ne(bytes, old), inText);
    const unheld = v128.or(stringStops(bytes), outsideRange(bytes, 0x20, 0x7e));
    if (v128.any_true(v128.and(changed, v128.or(v128.not(v128.load(mask + t)), unheld)))) return 0;
    v128.store(dst + t, v128.bitselect(bytes, old, inText));
  }
  return dst + len;
}

/** Whether the text at `p` differs from the reference's only in bytes that keep every token as it was. */
function differsInStrings(p: usize, text: usize, mask: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i += 16) {
    const v = v128.load(p + i);
    const changed = i8x16.ne(v, v128.load(text + i));
    if (below(n, i, i8x16.bitmask(changed)) == 0) continue; // most of a text is the same
    const wrong = v128.and(changed, v128.or(v128.not(v128.load(mask + i)), stringStops(v)));
    if (below(n, i, i8x16.bitmask(wrong)) != 0) return false;
  }
  return true;
}

/** Makes the valid text at `p` reference `ref`: a copy and the mask of its plain string bytes. */
function keep(p: usize, n: usize, text: usize, mask: usize, ref: usize): void {
  memory.copy(text, p, n);
  memory.fill(mask, 0, n);
  const end = p + n;
  const plain = splat(-1);
  const zero = splat(0);
  // valid JSON: a quote outside a string opens one, and inside one only an escape is not plain
  let q = findByte(p, end, Char.QUOTE);
  while (q < end) {
    q++;
    for (;;) {
      // a plain run, 16 bytes at a time; what is written past its end is cleared again
      const stop = findStringStop(q, end);
      const m = mask + (q - p);
      for (let i: usize = 0; i < stop - q; i += 16) v128.store(m + i, plain);
      v128.store(mask + (stop - p), zero);
      if (load<u8>(stop) == Char.QUOTE) {
        q = stop + 1;
        break;
      }
      q = stop + (load<u8>(stop, 1) == Char.u ? 6 : 2); // an escape
    }
    q = findByte(q, end, Char.QUOTE);
  }
  store<u32>(lengths + (ref << 2), <u32>n);
}
