/**
 * One Arrow value as the text of a table cell. Arrow 17 hands back timestamps and dates as
 * epoch milliseconds, 64-bit integers as bigint and nested values as Vectors/StructRows, none of
 * which print well with String().
 */
import { DataType, type Timestamp } from 'apache-arrow';

/** `2024-05-01 10:00:00.000`: the lake's own timestamp format, so values can be pasted back into SQL. */
function timestamp(ms: number, zoned: boolean): string {
  const iso = new Date(ms).toISOString();
  return zoned ? iso : iso.replace('T', ' ').slice(0, -1);
}

const json = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

/** The cell text, or `null` for SQL NULL (shown differently from an empty string). */
export function formatCell(value: unknown, type: DataType): string | null {
  if (value === null || value === undefined) return null;
  try {
    if (typeof value === 'number' && DataType.isTimestamp(type)) return timestamp(value, Boolean((type as Timestamp).timezone));
    if (typeof value === 'number' && DataType.isDate(type)) return new Date(value).toISOString().slice(0, 10);
  } catch {
    // toISOString throws RangeError beyond ±275760 years (DuckDB's 'infinity'): fall through to the number.
  }
  if (value instanceof Uint8Array) return '\\x' + Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('');
  if (typeof value === 'object') return json(value);
  return String(value);
}

/** Numbers align right, as in every SQL console. */
export const isNumeric = (type: DataType): boolean => DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type);
