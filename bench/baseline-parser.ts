/**
 * The baseline for the parser bench (not shipped, never used by Firn): the same parse written the
 * straightforward way in TypeScript — split on TAB, collapse `%25XX` with a regular expression,
 * decodeURIComponent each parameter, map it through the contract, split URLs with `new URL`,
 * join 131 columns with TABs. No enrichments beyond URL splitting.
 */
import { COLUMNS, COLUMN_INDEX, PARAMS, type ColumnName } from '../contract/index.ts';

const byKey = new Map<string, readonly ColumnName[]>(PARAMS.map((p) => [p.key, p.columns]));
const EVENT_NAMES: Record<string, string> = { pv: 'page_view', pp: 'page_ping', se: 'struct', ue: 'unstruct', tr: 'transaction', ti: 'transaction_item' };

const decodeValue = (s: string): string => {
  try {
    return decodeURIComponent(s.replace(/%25([0-9a-fA-F]{2})/g, '%$1').replace(/\+/g, ' '));
  } catch {
    return s;
  }
};
const ts = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

export function baselineParse(text: string): { good: number; bad: number; out: number } {
  let good = 0;
  let bad = 0;
  let out = 0;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split('\t');
    if (f.length < 12 || f[7] !== '/i') {
      bad++;
      continue;
    }
    const row: string[] = new Array<string>(COLUMNS.length).fill('');
    row[COLUMN_INDEX.collector_tstamp] = `${f[0]} ${f[1]}.000`;
    row[COLUMN_INDEX.useragent] = decodeValue(f[10]!);
    row[COLUMN_INDEX.user_ipaddress] = f[4]!;
    for (const pair of f[11]!.split('&')) {
      const eq = pair.indexOf('=');
      const key = pair.slice(0, eq);
      const columns = byKey.get(key);
      if (!columns) continue;
      const value = decodeValue(pair.slice(eq + 1));
      if (key === 'e') row[COLUMN_INDEX.event] = EVENT_NAMES[value] ?? value;
      else if (key === 'dtm' || key === 'stm') row[COLUMN_INDEX[columns[0]!]] = ts(Number(value));
      else if (key === 'cx') row[COLUMN_INDEX.contexts] = Buffer.from(value, 'base64url').toString();
      else if (columns.length === 2) {
        const [w, h] = value.split('x');
        row[COLUMN_INDEX[columns[0]!]] = w!;
        row[COLUMN_INDEX[columns[1]!]] = h!;
      } else if (columns[0]) row[COLUMN_INDEX[columns[0]]] = value.replace(/\t/g, '    ');
    }
    for (const [col, prefix] of [['page_url', 'page_url'], ['page_referrer', 'refr_url']] as const) {
      const value = row[COLUMN_INDEX[col]];
      if (!value) continue;
      try {
        const u = new URL(value);
        row[COLUMN_INDEX[`${prefix}scheme` as ColumnName]] = u.protocol.slice(0, -1);
        row[COLUMN_INDEX[`${prefix}host` as ColumnName]] = u.hostname;
        row[COLUMN_INDEX[`${prefix}port` as ColumnName]] = u.port || (u.protocol === 'https:' ? '443' : '80');
        row[COLUMN_INDEX[`${prefix}path` as ColumnName]] = u.pathname;
        row[COLUMN_INDEX[`${prefix}query` as ColumnName]] = u.search.slice(1);
        row[COLUMN_INDEX[`${prefix}fragment` as ColumnName]] = u.hash.slice(1);
      } catch {
        // unsplittable URL: parts stay empty
      }
    }
    out += row.join('\t').length + 1;
    good++;
  }
  return { good, bad, out };
}
