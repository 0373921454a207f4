/**
 * One CloudFront access-log line: the 33 fields of `LOG_FIELDS`, in order, TAB-separated,
 * each escaped like CloudFront does (reference `cloudfront-log-format.md` §3, §4, §7, §8.1).
 */
import { LOG_FIELDS, type LogField } from '../../contract/cloudfront.ts';
import { escapeLogValue } from './escape.ts';

/** A value for every field; `null` and `''` are written as CloudFront's `-`. Numbers must be integers. */
export type LogRecord = { readonly [F in LogField]: string | number | null };

/**
 * The line, ending in `\n`. Every value goes through the escaping, including ones Firn makes
 * itself, so no field can hold a TAB, space or newline whatever a client sends.
 */
export function formatLogLine(record: LogRecord): string {
  return LOG_FIELDS.map((field) => logValue(record[field])).join('\t') + '\n';
}

function logValue(value: string | number | null): string {
  if (value === null || value === '') return '-';
  return escapeLogValue(typeof value === 'number' ? String(value) : value);
}

/** `date`: `YYYY-MM-DD` in UTC. */
export function logDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** `time`: `HH:MM:SS` in UTC; CloudFront logs no fractions of a second. */
export function logTime(at: Date): string {
  return at.toISOString().slice(11, 19);
}

/** `time-taken` and `time-to-first-byte`: seconds with exactly three decimals, e.g. `0.002`. */
export function logSeconds(milliseconds: number): string {
  return (Math.max(0, milliseconds) / 1000).toFixed(3);
}
