/**
 * JSON validation by difference. Trackers send the same contexts and events hit after hit with
 * only values changed (a page view id, a timestamp), so a new text mostly differs from the last
 * valid one inside string contents alone. Such a text reads as exactly the same tokens, so it is
 * valid too, and checking that is a compare of the two texts, 16 bytes at a time, where a parse
 * (json.ts) walks every token: the bench log, whose contexts differ in a page view id alone, is
 * parsed 7 % faster.
 *
 * Per JSON column the last text `isJson` accepted (up to REFERENCE_MAX bytes) is kept with a mask
 * of its plain string bytes: inside strings, not a quote, not part of an escape. A text of the
 * same length is valid when every byte that differs is plain in the reference and, in the new
 * text, a byte a string holds as it is (scan.ts `stringStops`). Then
 * every string still ends where it did, no escape changed, and every byte outside strings is the
 * same. Anything else is parsed and, when valid, becomes the reference.
 */
import { Char } from './chars';
import { isJson } from './json';
import { below, stringStops } from './scan';

/** Texts longer than this are always parsed (and their reference stays as it was). */
const REFERENCE_MAX: usize = 4096;
/** One reference per JSON column: 0 contexts, 1 unstruct_event. */
const REFERENCES: usize = 2;
/** The references' texts and masks (0xFF: a plain string byte), each read up to 15 bytes past its end. */
const texts: usize = memory.data(<i32>(REFERENCES * REFERENCE_MAX + 16));
const masks: usize = memory.data(<i32>(REFERENCES * REFERENCE_MAX + 16));
/** Per reference: its length (0: none yet; a valid JSON text is never empty). */
const lengths: usize = memory.data(<i32>(REFERENCES * 4));

/** Whether the `n` bytes at `p` are one JSON value (json.ts `isJson`), checked against reference `ref` first. */
export function isJsonLike(p: usize, n: usize, ref: usize): bool {
  const text = texts + ref * REFERENCE_MAX;
  const mask = masks + ref * REFERENCE_MAX;
  if (<usize>load<u32>(lengths + (ref << 2)) == n && differsInStrings(p, text, mask, n)) return true;
  if (!isJson(p, n)) return false;
  if (n <= REFERENCE_MAX) keep(p, n, text, mask, ref);
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
  // valid JSON: a quote outside a string opens one, and inside one only an escape is not plain
  let i: usize = 0;
  while (i < n) {
    if (load<u8>(p + i++) != Char.QUOTE) continue;
    for (;;) {
      const c = load<u8>(p + i);
      if (c == Char.QUOTE) break;
      if (c == Char.BACKSLASH) i += load<u8>(p + i + 1) == Char.u ? 6 : 2;
      else store<u8>(mask + i++, 0xff);
    }
    i++;
  }
  store<u32>(lengths + (ref << 2), <u32>n);
}
