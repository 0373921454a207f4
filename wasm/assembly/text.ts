/**
 * TSV-safe text (canonical-event.md §1): TAB becomes four spaces, other control characters
 * (C0, DEL) are removed, ill-formed UTF-8 becomes U+FFFD. In URL mode every space is written
 * `%20`, as the classic ETL stored URLs (it re-serialised them as java.net.URI; enrichments.md §4).
 * Output per input byte: at most 4 (TAB), 12 in URL mode — and a TAB only comes from a 3-byte
 * `%09`, so a decoded value never outgrows 4× its raw log bytes.
 */
import { Char } from './chars';
import { copySequence, sequenceLength, writeReplacement } from './utf8';

export function writeText(dst: usize, src: usize, len: usize, url: bool = false): usize {
  const end = src + len;
  let p = src;
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c - 0x21 < 0x5e) {
      // printable ASCII but space: the common case
      store<u8>(dst++, <u8>c);
      p++;
    } else if (c == Char.SPACE || c == Char.TAB) {
      for (let i = c == Char.TAB ? 4 : 1; i > 0; i--) dst = writeSpace(dst, url);
      p++;
    } else if (c < 0x80) {
      p++; // other C0 controls and DEL are dropped
    } else {
      const n = sequenceLength(p, end);
      if (n == 0) {
        dst = writeReplacement(dst);
        p++;
      } else {
        copySequence(dst, p, n);
        dst += n;
        p += n;
      }
    }
  }
  return dst;
}

@inline function writeSpace(dst: usize, url: bool): usize {
  if (!url) {
    store<u8>(dst, Char.SPACE);
    return dst + 1;
  }
  store<u16>(dst, 0x3225); // "%2"
  store<u8>(dst, Char._0, 2);
  return dst + 3;
}
