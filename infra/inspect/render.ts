/**
 * How `firn inspect` shows one hit: a line with the time, the verdict (green GOOD, red BAD,
 * dim SKIP for lines that are not tracker hits), the request and what the event is; under a
 * bad hit, each reason the parser gave; with `params`, every decoded tracker parameter with
 * its protocol label.
 */
import { styleText } from 'node:util';
import { PARAMS } from '../../contract/params.ts';
import type { LiveHit } from '../collector/live/hit.ts';

export interface RenderOptions {
  readonly color: boolean;
  readonly params: boolean;
}

type Style = Parameters<typeof styleText>[0];

const LABELS: ReadonlyMap<string, string> = new Map(PARAMS.map((p) => [p.key, p.label]));
const ORDER: ReadonlyMap<string, number> = new Map(PARAMS.map((p, i) => [p.key, i]));
const INDENT = ' '.repeat(16);

export function renderHit(hit: LiveHit, options: RenderOptions): string {
  const paint = (style: Style, text: string): string => (options.color ? styleText(style, text) : text);
  const f = hit.fields;
  const request = `${f['cs-method']} ${f['cs-uri-stem']} ${f['sc-status']}`;
  const lines: string[] = [];
  switch (hit.verdict) {
    case 'good':
      lines.push(`${f.time}  ${paint(['bold', 'green'], 'GOOD')}  ${paint('bold', hit.eventType ?? '?')}  ${request}  ${paint('dim', summary(hit))}`);
      break;
    case 'bad':
      lines.push(`${f.time}  ${paint(['bold', 'red'], 'BAD ')}  ${request}  ${paint('red', `${hit.errors.length} problem${hit.errors.length === 1 ? '' : 's'}`)}`);
      for (const e of hit.errors) lines.push(`${INDENT}${paint('red', '✗')} ${e.field ?? 'line'}${e.value === null ? '' : ` = ${JSON.stringify(e.value)}`}: ${e.message}`);
      break;
    case 'discarded':
      lines.push(paint('dim', `${f.time}  SKIP  ${request}  not a tracker hit`));
      break;
    case null:
      lines.push(`${f.time}  ${paint('yellow', '????')}  ${request}  ${paint('dim', 'no verdict: dist/firn.wasm is not built')}`);
  }
  if (options.params) {
    const entries = Object.entries(hit.params).sort(([a], [b]) => (ORDER.get(a) ?? Infinity) - (ORDER.get(b) ?? Infinity) || (a < b ? -1 : 1));
    const width = Math.max(0, ...entries.map(([k]) => k.length));
    for (const [key, value] of entries) lines.push(`${INDENT}${paint('cyan', key.padEnd(width))}  ${value}  ${paint('dim', LABELS.get(key) ?? 'not a protocol parameter')}`);
  }
  return lines.join('\n') + '\n';
}

/** What a good event is about, in a few words. */
function summary(hit: LiveHit): string {
  const e = hit.event;
  if (!e) return '';
  const parts = [`app=${String(e.app_id ?? '-')}`];
  if (hit.eventType === 'struct') parts.push(`${String(e.se_category ?? '')}/${String(e.se_action ?? '')}`);
  else if (hit.eventType === 'unstruct' && hit.schema) parts.push(hit.schema);
  if (e.page_url) parts.push(String(e.page_url));
  if (hit.contexts.length > 0) parts.push(`+${hit.contexts.length} entit${hit.contexts.length === 1 ? 'y' : 'ies'}`);
  return parts.join('  ');
}
