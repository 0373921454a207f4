/**
 * Renders an Arrow result as an HTML table. Every value goes through `textContent`, never
 * `innerHTML`: page titles and URLs in the lake are attacker-controlled text.
 */
import type { Table } from 'apache-arrow';
import { formatCell, isNumeric } from './format.ts';

/** Rendering is the slow part of a big result: the DOM, not DuckDB, is what stalls the tab. */
export const MAX_ROWS = 1000;

function cell(tag: 'th' | 'td', text: string, className?: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

/** Replaces `target`'s content with `result`; returns how many rows were drawn. */
export function renderTable(target: HTMLElement, result: Table): number {
  const fields = result.schema.fields;
  const columns = fields.map((_, i) => result.getChildAt(i));
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const f of fields) {
    const th = cell('th', f.name);
    th.title = String(f.type); // the Arrow type on hover: tells NULL-heavy columns apart
    head.append(th);
  }
  const body = table.createTBody();
  const shown = Math.min(result.numRows, MAX_ROWS);
  for (let row = 0; row < shown; row++) {
    const tr = body.insertRow();
    fields.forEach((f, i) => {
      const text = formatCell(columns[i]?.get(row), f.type);
      tr.append(text === null ? cell('td', 'NULL', 'null') : cell('td', text, isNumeric(f.type) ? 'num' : undefined));
    });
  }
  target.replaceChildren(table);
  return shown;
}
