/**
 * The parser suite in real Chromium: the same wasm and binding as in Node must give the same
 * results — the real-world cases judged by the same checks, and byte-identical output to Node's
 * on a larger corpus of generated, extension and mutated lines.
 */
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cases, checkCase, enrichmentsFor, sourceOf } from '../support/fixtures.ts';
import { openBrowserParser, type BrowserParser } from '../support/browser-parser.ts';
import { requireBuilt } from '../support/built.ts';
import { logFile, logLine, pageViewQuery } from '../support/loglines.ts';
import { jsonLines, parseLog, reassemble, rowsOf, type BadRow } from '../support/parse.ts';

let browser: BrowserParser;
beforeAll(async () => {
  requireBuilt('firn.wasm');
  browser = await openBrowserParser();
});
afterAll(async () => browser?.close());

describe('in Chromium', () => {
  test('every real-world case is classified and its columns match, as in Node', async () => {
    for (const c of cases) {
      const r = await browser.parse(c.line + '\n', { source: sourceOf(c), enrichments: enrichmentsFor(c.id) });
      checkCase(c, { events: rowsOf(r.eventsText), bad: jsonLines<BadRow>(r.badText), counts: r.counts });
    }
  });

  test('a mixed corpus gives byte-identical output to Node, fragments and reassembly included', async () => {
    const eid = '7f9a3b2c-1d4e-4f5a-8b6c-9d0e1f2a3b4c';
    const data = deflateRawSync(Buffer.from(pageViewQuery({ eid, page: 'Ünïcødé 100%25' }))).toString('base64url');
    const half = Math.ceil(data.length / 2);
    const lines = [
      ...cases.map((c) => c.line + '\n'),
      ...Array.from({ length: 300 }, (_, i) => logLine({ query: pageViewQuery({ eid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, page: `Page ${i} — ünï\t%` }), userAgent: i % 2 ? 'curl/8.0' : undefined })),
      logLine({ query: `eid=${eid}&fx_e=z&fx_d=${data}` }),
      logLine({ query: `eid=${eid}&fx_e=z&fx_i=2&fx_n=2&fx_d=${data.slice(half)}` }),
      logLine({ query: `eid=${eid}&fx_e=z&fx_i=1&fx_n=2&fx_d=${data.slice(0, half)}` }),
      '\u0000\u00ff broken \t line %\n',
    ];
    const text = logFile(lines);
    const inBrowser = await browser.parse(text, { source: 'mixed.log', chunkSize: 4093 });
    const inNode = await parseLog(text, { source: 'mixed.log', chunkSize: 4093 });
    expect(inBrowser.counts).toEqual(inNode.counts);
    expect(inBrowser.eventsText).toBe(inNode.eventsText);
    expect(jsonLines<BadRow>(inBrowser.badText)).toEqual(inNode.bad);
    expect(jsonLines(inBrowser.fragmentsText)).toEqual(inNode.fragments);
    const reassembled = reassemble(inNode.parser, inNode.fragments);
    expect(reassembled.events).toHaveLength(1);
    expect(rowsOf(inBrowser.reassembledText)).toEqual(reassembled.events);
  });
});
