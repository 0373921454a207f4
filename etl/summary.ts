/** What a run did, as `--json` prints it and the plain summary line says it. */
import type { FragmentCounts, LineCounts } from './counts.ts';

export interface EtlSummary extends LineCounts {
  /** Logs processed and committed by this run. */
  readonly files: number;
  /** Logs already in the lake, left alone. */
  readonly skipped: number;
  /** Logs left out by --since/--until. */
  readonly outOfRange: number;
  /** Committed logs whose publishing a crash had cut short, finished by this run. */
  readonly recovered: number;
  /** Logs that could not be processed: not committed, retried by the next run. */
  readonly failed: readonly { readonly key: string; readonly error: string }[];
  readonly fragments: FragmentCounts;
  /** Compressed input bytes read. */
  readonly bytes: number;
  readonly seconds: number;
  /** Parts written by this run (with --dry-run: that would have been written). */
  readonly parts: readonly string[];
  readonly dryRun: boolean;
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** The summary as one line for people. */
export function describe(s: EtlSummary, out: string): string {
  const rate = s.seconds > 0 && s.bytes > 0 ? ` (${(s.bytes / 1e6 / s.seconds).toFixed(1)} MB/s)` : '';
  const f = s.fragments;
  const fragments = f.lines + f.events.good + f.events.bad + f.earlier.expired > 0
    ? `; fragments: ${f.lines} read, ${f.reassembled} reassembled, ${f.pending} pending, ${f.expired} expired → ${plural(f.events.good, 'event')}, ${f.events.bad} bad`
    : '';
  return (
    `${s.dryRun ? 'dry run, nothing written: ' : ''}${plural(s.files, 'log file')} processed, ${s.skipped} already done` +
    `${s.recovered ? `, ${s.recovered} finished after a crash` : ''}${s.outOfRange ? `, ${s.outOfRange} out of range` : ''}${s.failed.length ? `, ${s.failed.length} FAILED` : ''}: ` +
    `${plural(s.lines, 'line')} → ${s.good.toLocaleString('en')} good, ${s.bad.toLocaleString('en')} bad, ${s.discarded.toLocaleString('en')} discarded, ` +
    `${plural(s.duplicates, 'duplicate')}${fragments}; ${plural(s.parts.length, 'part')} ${s.dryRun ? 'would be ' : ''}written to ${out} in ${s.seconds.toFixed(2)} s${rate}`
  );
}
