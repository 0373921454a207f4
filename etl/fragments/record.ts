/**
 * Fragment records as the parser reports them (`FragmentRecord`, docs/protocol.md §4): reading
 * one, the collector date of its line, and the bad rows a set that cannot become an event leaves.
 */
import type { FragmentRecord } from '../../wasm/binding/parser.ts';
import { isDateText } from '../dates.ts';

export type { FragmentRecord } from '../../wasm/binding/parser.ts';

/** The line's `date` field: found through the file's `#Fields:` header, or first without one. */
export function recordDate(record: FragmentRecord, fallback: string): string {
  const names = record.fields?.replace(/^#Fields:\s*/, '').split(/\s+/) ?? [];
  const at = Math.max(0, names.indexOf('date'));
  const value = record.line.split('\t')[at] ?? '';
  return isDateText(value) ? value : fallback;
}

export interface BadRowError {
  readonly field: string | null;
  readonly value: string | number | null;
  readonly message: string;
}

/** A bad row in the parser's shape (`{"line", "source", "lineNumber", "errors"}`), as one JSON line. */
export function badRow(record: FragmentRecord, errors: readonly BadRowError[]): string {
  return JSON.stringify({ line: record.line, source: record.source, lineNumber: record.lineNumber, errors }) + '\n';
}

export function expiredRow(record: FragmentRecord, have: readonly number[], days: number): string {
  const missing = [...Array(record.count).keys()].map((i) => i + 1).filter((i) => !have.includes(i));
  return badRow(record, [
    {
      field: 'fx_i',
      value: record.index,
      message: `fragment ${record.index} of ${record.count} of event ${record.eid}: fragment${missing.length === 1 ? '' : 's'} ${missing.join(', ')} never arrived; expired once logs ${days} days newer were processed (etl/README.md § Fragments)`,
    },
  ]);
}

export function inconsistentRow(record: FragmentRecord, count: number, encoding: string): string {
  return badRow(record, [
    {
      field: record.count !== count ? 'fx_n' : 'fx_e',
      value: record.count !== count ? record.count : record.encoding,
      message: `fragment ${record.index} of event ${record.eid} says ${record.count} fragments encoded ${JSON.stringify(record.encoding)}, but the event's first fragment seen said ${count} encoded ${JSON.stringify(encoding)}: it cannot be reassembled`,
    },
  ]);
}

export function oversizeRow(first: FragmentRecord, bytes: number, capacity: number): string {
  return badRow(first, [
    {
      field: 'fx_d',
      value: null,
      message: `the ${first.count} fragments of event ${first.eid} join to ${bytes} bytes of data, more than the ${capacity} the parser reassembles`,
    },
  ]);
}
