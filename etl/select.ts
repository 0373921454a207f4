/**
 * Which objects of the input are logs to process: `.gz` files (anything else is not ours to
 * read), within `--since`/`--until` by the date in their CloudFront file name.
 */
import type { ObjectInfo } from '../node/bucket/index.ts';

/** `<DIST>.YYYY-MM-DD-HH.<unique>.gz`, CloudFront's naming (and the collector's). */
const NAME_DATE = /(?:^|[/.])[A-Z0-9]+\.(\d{4}-\d{2}-\d{2})-\d{2}\.[^/.]+\.gz$/;

/** The UTC date CloudFront put in a log's file name, or null for other names. */
export function logFileDate(key: string): string | null {
  return NAME_DATE.exec(key)?.[1] ?? null;
}

export const isLogObject = (key: string): boolean => key.endsWith('.gz');

export interface DateRange {
  /** YYYY-MM-DD, inclusive. */
  readonly since?: string;
  readonly until?: string;
}

/**
 * True when the log is to be read. With a range, a log is selected by the date in its file name
 * (so a log is always processed whole, never partly); a name without a date is left out.
 */
export function inRange(log: ObjectInfo, range: DateRange): boolean {
  if (!range.since && !range.until) return true;
  const date = logFileDate(log.key);
  if (date === null) return false;
  return (!range.since || date >= range.since) && (!range.until || date <= range.until);
}
