/**
 * A canonical event row (131 TAB-separated columns, as the wasm parser writes them) as a JSON
 * object, typed by `COLUMNS` of the contract the way Snowplow Micro shows events: numbers as
 * numbers, `1`/`0` as booleans, timestamps as ISO-8601 with `Z`, JSON columns parsed, empty
 * columns `null`.
 */
import { COLUMNS, type ColumnName, type ColumnType } from '../../../contract/columns.ts';

export type EventValue = string | number | boolean | null | { readonly [key: string]: unknown };
export type EventJson = { readonly [C in ColumnName]: EventValue };

export class EventRowError extends Error {}

/** `row` without its newline. */
export function eventJson(row: string): EventJson {
  const values = row.split('\t');
  if (values.length !== COLUMNS.length) throw new EventRowError(`event row has ${values.length} columns, expected ${COLUMNS.length}`);
  return Object.fromEntries(COLUMNS.map((column, i) => [column.name, typed(column.type, values[i]!)])) as EventJson;
}

function typed(type: ColumnType, text: string): EventValue {
  if (text === '') return null;
  switch (type) {
    case 'int':
    case 'double':
    case 'decimal':
      return Number(text);
    case 'bool':
      return text === '1';
    case 'timestamp':
      return text.replace(' ', 'T') + 'Z'; // `YYYY-MM-DD HH:MM:SS.mmm` UTC
    case 'json':
      try {
        return JSON.parse(text) as { readonly [key: string]: unknown };
      } catch {
        return text; // the parser only writes valid JSON; keep anything else visible rather than lose it
      }
    case 'text':
      return text;
  }
}

/** `iglu:vendor/name/format/version` from the event_* columns, or null. */
export function eventSchema(event: EventJson): string | null {
  const { event_vendor: vendor, event_name: name, event_format: format, event_version: version } = event;
  return vendor && name && format && version ? `iglu:${String(vendor)}/${String(name)}/${String(format)}/${String(version)}` : null;
}

/** The schemas of the entities in `contexts` (`{schema, data: [{schema, data}, …]}`). */
export function contextSchemas(event: EventJson): string[] {
  const data = (event.contexts as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  return data.map((entity: { schema?: unknown }) => entity?.schema).filter((s): s is string => typeof s === 'string');
}
