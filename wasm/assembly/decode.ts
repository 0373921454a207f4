/**
 * A value as a column holds it: percent-decoded the right way for where it came from, then made
 * TSV-safe (text.ts). Values that need neither are used in place, without a copy; values that
 * decode to clean text are written once; only text with controls or non-ASCII takes a second pass.
 */
import { needsCleaning, percentDecode, spacesEscaped } from './percent';
import { findSpecial } from './scan';
import { claimScratch, scratch } from './slots';
import { writeText } from './text';

export const enum Decode {
  /** `+` is a space: querystrings. */
  form = 1,
  /** Undo CloudFront's `%25XX` doubling first: text as it stands in the log. */
  collapse = 2,
  /** Spaces written `%20`: URLs, as the classic ETL stored them. */
  url = 4,
  /** No percent-decoding at all: only made TSV-safe (fields CloudFront does not escape). */
  verbatim = 8,
}

/** Where the last `decode` put its value (the input itself, or the scratch area). */
export let decodedPtr: usize = 0;
/** Whether the last `decode` gave exactly the percent-decoded bytes (nothing cleaned, no space escaped). */
export let decodedExact = true;

/** Decodes `n` bytes at `p`; returns the decoded length, the value being at `decodedPtr`. */
export function decode(p: usize, n: usize, mode: i32): u32 {
  const form = (mode & Decode.form) != 0;
  const end = p + n;
  if (findSpecial(p, end, form) == end) {
    decodedPtr = p;
    decodedExact = true;
    return <u32>n;
  }
  const url = (mode & Decode.url) != 0;
  const out = scratch;
  if ((mode & Decode.verbatim) != 0) {
    const cleanEnd = writeText(out, p, n, url);
    claimScratch(cleanEnd);
    decodedPtr = out;
    decodedExact = false;
    return <u32>(cleanEnd - out);
  }
  const decodedEnd = percentDecode(out, p, n, form, (mode & Decode.collapse) != 0, url);
  decodedExact = !needsCleaning && !spacesEscaped;
  if (!needsCleaning) {
    claimScratch(decodedEnd);
    decodedPtr = out;
    return <u32>(decodedEnd - out);
  }
  // controls or non-ASCII: clean the decoded bytes into the scratch area after them
  const cleaned = decodedEnd;
  const end2 = writeText(cleaned, out, decodedEnd - out, url);
  claimScratch(end2);
  decodedPtr = cleaned;
  return <u32>(end2 - cleaned);
}
