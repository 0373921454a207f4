/**
 * A value as a column holds it: percent-decoded the right way for where it came from, then made
 * TSV-safe (text.ts). Values that need neither are used in place, without a copy; values that
 * decode to clean text are written once; only text with controls or non-ASCII (or a URL with
 * spaces) takes a second pass.
 */
import { hasSpace, needsCleaning, percentDecode } from './percent';
import { below, noSpecial, specialBits, specialPlus } from './scan';
import { claimScratch, scratch } from './slots';
import { writeText } from './text';
import { MAX_KEPT_RAW, keepDecoding, recallDecoding } from './decodememo';

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
/**
 * The exact percent-decoding behind the last `decode` (before clean-up and URL escaping), which
 * the fingerprint hashes; `exactPtr` 0 after a verbatim decode.
 */
export let exactPtr: usize = 0;
export let exactLen: u32 = 0;

/**
 * Decodes `n` bytes at `p`; returns the decoded length, the value being at `decodedPtr`. Inlined:
 * most values need nothing (they are used in place), and a call cost more than finding that out.
 */
// @ts-ignore: decorator
@inline
export function decode(p: usize, n: usize, mode: i32): u32 {
  // most values are short: their one vector is looked at here, without a call
  if (needsNothing(p, n, (mode & Decode.form) != 0)) {
    decodedPtr = p;
    exactPtr = p;
    exactLen = <u32>n;
    return <u32>n;
  }
  return decodeSpecial(p, n, mode);
}

/** Whether `n` bytes at `p` need no decoding (`noSpecial`); a short value's one vector is looked at without a call. */
// @ts-ignore: decorator
@inline
export function needsNothing(p: usize, n: usize, form: bool): bool {
  return below(p + n, p, specialBits(v128.load(p), specialPlus(form))) == 0 && (n <= 16 || noSpecial(p + 16, p + n, form));
}

/** `decode` of a value that holds a byte decoding has to look at; its decoding at `decodedPtr`, its exact one at `exactPtr`. */
export function decodeSpecial(p: usize, n: usize, mode: i32): u32 {
  const form = (mode & Decode.form) != 0;
  const url = (mode & Decode.url) != 0;
  const out = scratch;
  if ((mode & Decode.verbatim) != 0) {
    const cleanEnd = writeText(out, p, n, url);
    claimScratch(cleanEnd);
    decodedPtr = out;
    exactPtr = 0;
    return <u32>(cleanEnd - out);
  }
  if (n <= MAX_KEPT_RAW) {
    const kept = recallDecoding(out, p, n, mode);
    if (kept >= 0) {
      claimScratch(out + <usize>kept);
      decodedPtr = out;
      exactPtr = out;
      exactLen = <u32>kept;
      return exactLen;
    }
  }
  const decodedEnd = percentDecode(out, p, n, form, (mode & Decode.collapse) != 0);
  exactPtr = out;
  exactLen = <u32>(decodedEnd - out);
  if (!needsCleaning && !(url && hasSpace)) {
    if (n <= MAX_KEPT_RAW) keepDecoding(p, n, mode, out, exactLen);
    claimScratch(decodedEnd);
    decodedPtr = out;
    return exactLen;
  }
  // controls, non-ASCII or (in a URL) spaces: write the decoded bytes again, cleaned, after them
  const cleaned = decodedEnd;
  const end2 = writeText(cleaned, out, decodedEnd - out, url);
  claimScratch(end2);
  decodedPtr = cleaned;
  return <u32>(end2 - cleaned);
}
