/**
 * What became of the input lines. Every line read ends as exactly one of: an event (`good`), a
 * bad row, a discarded line (headers, other paths), a duplicate event dropped, or a fragment;
 * and every fragment line ends reassembled into an event, still pending, expired into a bad
 * row, a duplicate of a fragment already held, or invalid (inconsistent with its set: a bad row).
 *
 *   lines = good + bad + discarded + duplicates + fragments.lines
 *   fragments.lines = reassembled + pending + expired + duplicates + invalid
 *
 * Events made from fragments are counted apart (`fragments.events`): their lines may have been
 * read in earlier runs (`fragments.earlier`).
 */

export interface LineCounts {
  readonly lines: number;
  /** Events written. */
  readonly good: number;
  readonly bad: number;
  readonly discarded: number;
  /** Events dropped: their event_id was already in the lake for their date, or earlier in the run. */
  readonly duplicates: number;
}

export interface FragmentCounts {
  /** Fragment lines read. */
  readonly lines: number;
  /** Of those, in sets completed and reassembled. */
  readonly reassembled: number;
  /** Of those, waiting for the rest of their set. */
  readonly pending: number;
  /** Of those, turned into bad rows: their set never completed (etl/README.md § Fragments). */
  readonly expired: number;
  /** Of those, repeats of a fragment already held. */
  readonly duplicates: number;
  /** Of those, bad rows at once: count or encoding different from their set's. */
  readonly invalid: number;
  /** What the sets completed here became: one event (or bad row, or duplicate) per set. */
  readonly events: { readonly good: number; readonly bad: number; readonly duplicates: number };
  /** Lines read by earlier runs that were reassembled or expired here. */
  readonly earlier: { readonly reassembled: number; readonly expired: number };
}

export const NO_FRAGMENTS: FragmentCounts = {
  lines: 0, reassembled: 0, pending: 0, expired: 0, duplicates: 0, invalid: 0,
  events: { good: 0, bad: 0, duplicates: 0 },
  earlier: { reassembled: 0, expired: 0 },
};

export const NO_LINES: LineCounts = { lines: 0, good: 0, bad: 0, discarded: 0, duplicates: 0 };

export function addLines(a: LineCounts, b: LineCounts): LineCounts {
  return { lines: a.lines + b.lines, good: a.good + b.good, bad: a.bad + b.bad, discarded: a.discarded + b.discarded, duplicates: a.duplicates + b.duplicates };
}

export function addFragments(a: FragmentCounts, b: FragmentCounts): FragmentCounts {
  return {
    lines: a.lines + b.lines,
    reassembled: a.reassembled + b.reassembled,
    pending: a.pending + b.pending,
    expired: a.expired + b.expired,
    duplicates: a.duplicates + b.duplicates,
    invalid: a.invalid + b.invalid,
    events: { good: a.events.good + b.events.good, bad: a.events.bad + b.events.bad, duplicates: a.events.duplicates + b.events.duplicates },
    earlier: { reassembled: a.earlier.reassembled + b.earlier.reassembled, expired: a.earlier.expired + b.earlier.expired },
  };
}

/** The two equations above; the names of those that do not hold. */
export function conservationErrors(lines: LineCounts & { readonly fragments: FragmentCounts }): string[] {
  const f = lines.fragments;
  const errors: string[] = [];
  if (lines.lines !== lines.good + lines.bad + lines.discarded + lines.duplicates + f.lines) errors.push('lines = good + bad + discarded + duplicates + fragments.lines');
  if (f.lines !== f.reassembled + f.pending + f.expired + f.duplicates + f.invalid) errors.push('fragments.lines = reassembled + pending + expired + duplicates + invalid');
  return errors;
}
