/**
 * JSON validation by difference. Trackers send the same contexts and events hit after hit with
 * only values changed (a page view id, a timestamp), so a new text mostly differs from the last
 * valid one inside string contents alone. Such a text reads as exactly the same tokens, so it is
 * valid too, and checking that is a compare of the two texts, 16 bytes at a time, where a parse
 * (json.ts) walks every token: the bench log, whose contexts differ in a page view id alone, is
 * parsed 7 % faster.
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
import { below, findByte, findStringStop, stringStops } from './scan';

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

/** Whether the `n` bytes at `p` are one JSON value (json.ts `isJson`), checked against reference `ref` first. */
export function isJsonLike(p: usize, n: usize, ref: usize): bool {
  const text = texts + ref * STRIDE;
  const mask = masks + ref * STRIDE;
  if (<usize>load<u32>(lengths + (ref << 2)) == n && differsInStrings(p, text, mask, n)) return true;
  if (!isJson(p, n)) return false;
  // kept only when the last text parsed had this length too: where every text has a length of its
  // own (a context holding a URL), keeping each cost more (-7 %) than the compares could save
  const missed = missedLengths + (ref << 2);
  if (n <= REFERENCE_MAX && <usize>load<u32>(missed) == n) keep(p, n, text, mask, ref);
  store<u32>(missed, <u32>n);
  return true;
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
  const plain = i8x16.splat(-1);
  const zero = i8x16.splat(0);
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
