/**
 * A value as a column holds it: percent-decoded the right way for where it came from, then made
 * TSV-safe (text.ts). Values that need neither are used in place, without a copy.
 */
import { tmpBuf } from './layout';
import { isPlain, percentDecode } from './percent';
import { claimScratch, scratch } from './slots';
import { writeText } from './text';

export const enum Decode {
  /** `+` is a space: querystrings. */
  form = 1,
  /** Undo CloudFront's `%25XX` doubling first: text as it stands in the log. */
  collapse = 2,
  /** Spaces written `%20`: URLs, as the classic ETL stored them. */
  url = 4,
}

/** Where the last `decode` put its value (the input itself, or the scratch area). */
export let decodedPtr: usize = 0;

/** Decodes `n` bytes at `p`; returns the decoded length, the value being at `decodedPtr`. */
export function decode(p: usize, n: usize, mode: i32): u32 {
  const form = (mode & Decode.form) != 0;
  if (isPlain(p, n, form)) {
    decodedPtr = p;
    return <u32>n;
  }
  const decodedEnd = percentDecode(tmpBuf, p, n, form, (mode & Decode.collapse) != 0);
  const out = scratch;
  const end = writeText(out, tmpBuf, decodedEnd - tmpBuf, (mode & Decode.url) != 0);
  claimScratch(end);
  decodedPtr = out;
  return <u32>(end - out);
}
