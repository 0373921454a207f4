/** Writing JSON text: strings escaped so that any input bytes give valid JSON in valid UTF-8. */
import { Char, HEX_DIGITS } from './chars';
import { copySequence, sequenceLength } from './utf8';

/** Writes `"…"`; stops after `max` source bytes and marks the cut with U+2026. Worst case 6 bytes out per byte in. */
export function writeJsonString(dst: usize, src: usize, len: usize, max: usize): usize {
  const cut = len > max;
  const end = src + (cut ? max : len);
  store<u8>(dst++, Char.QUOTE);
  let p = src;
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c == Char.QUOTE || c == Char.BACKSLASH) {
      store<u8>(dst++, Char.BACKSLASH);
      store<u8>(dst++, <u8>c);
      p++;
    } else if (c < 0x20) {
      store<u32>(dst, 0x3030755c); // \u00
      store<u8>(dst, load<u8>(HEX_DIGITS + (c >> 4)), 4);
      store<u8>(dst, load<u8>(HEX_DIGITS + (c & 15)), 5);
      dst += 6;
      p++;
    } else if (c < 0x80) {
      store<u8>(dst++, <u8>c);
      p++;
    } else {
      const n = sequenceLength(p, end);
      if (n == 0) {
        // an ill-formed byte: \ufffd keeps the JSON valid UTF-8
        store<u64>(dst, 0x64666666755c); // \ufffd (6 bytes; the 2 extra zero bytes are overwritten next)
        dst += 6;
        p++;
      } else {
        copySequence(dst, p, n);
        dst += n;
        p += n;
      }
    }
  }
  if (cut) {
    store<u16>(dst, 0x80e2); // U+2026 HORIZONTAL ELLIPSIS: E2 80 A6
    store<u8>(dst, 0xa6, 2);
    dst += 3;
  }
  store<u8>(dst++, Char.QUOTE);
  return dst;
}

/** Writes JSON punctuation and keys as they are. */
export function writeAscii(dst: usize, s: string): usize {
  const n = s.length;
  for (let i = 0; i < n; i++) store<u8>(dst + i, <u8>s.charCodeAt(i));
  return dst + n;
}

/** Writes the inside of a JSON string from ASCII text, escaping `"` and `\\` (messages are ASCII by construction). */
export function writeAsciiEscaped(dst: usize, s: string): usize {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = <u32>s.charCodeAt(i);
    if (c == Char.QUOTE || c == Char.BACKSLASH) store<u8>(dst++, Char.BACKSLASH);
    store<u8>(dst++, <u8>c);
  }
  return dst;
}
