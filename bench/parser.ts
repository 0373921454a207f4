/**
 * Parser throughput, single core: the wasm parser over a generated 33-field log, next to
 * gunzip of the same bytes (the floor every ETL pays) on the same machine in the same run.
 */
import { performance } from 'node:perf_hooks';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadParser } from '../wasm/binding/node.ts';
import { logLine, pageViewQuery } from '../test/support/loglines.ts';
import type { BenchResult } from './result.ts';

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
];

/** A realistic hit: page view with a referrer, campaign parameters and a base64 context. */
function line(i: number): string {
  const cx = Buffer.from(JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: `a1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}` } }] })).toString('base64url');
  const query = pageViewQuery({
    eid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    url: `https://shop.example/products/item-${i % 500}?utm_source=newsletter&utm_medium=email&utm_campaign=winter-sale`,
    refr: 'https://www.google.com/search?q=winter+boots+sale&hl=en',
    page: `Winter boots — item ${i % 500} | Shop`,
    cx,
  });
  const seconds = i % 3600;
  return logLine({ at: `2025-11-28 10:${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`, query, userAgent: USER_AGENTS[i % USER_AGENTS.length]! });
}

export async function benchParser(lines = 200_000): Promise<BenchResult> {
  const text = Array.from({ length: lines }, (_, i) => line(i)).join('');
  const bytes = Buffer.from(text);
  const gz = gzipSync(bytes, { level: 6 });
  const parser = await loadParser();
  const time = (run: () => void): number => {
    run(); // warm-up
    const best: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      run();
      best.push(performance.now() - t);
    }
    return Math.min(...best) / 1000;
  };
  let good = 0;
  const parse = time(() => {
    parser.beginFile('bench.log', 0);
    for (let at = 0; at < bytes.length; at += 1 << 20) parser.push(bytes.subarray(at, at + (1 << 20)), () => {});
    good = parser.end(() => {}).good;
  });
  if (good !== lines) throw new Error(`bench log parsed into ${good} good events, expected ${lines}`);
  const gunzip = time(() => gunzipSync(gz));
  const mb = bytes.length / 1e6;
  return {
    title: 'Parser (wasm, one core)',
    rows: [
      ['log', `${lines.toLocaleString('en')} lines, ${(bytes.length / lines).toFixed(0)} B/line, ${mb.toFixed(1)} MB (${(gz.length / 1e6).toFixed(1)} MB gzip)`],
      ['wasm parser, all columns', `${Math.round(lines / parse).toLocaleString('en')} lines/s, ${(mb / parse).toFixed(0)} MB/s`],
      ['baseline: gunzip of the same log (node:zlib)', `${Math.round(lines / gunzip).toLocaleString('en')} lines/s, ${(mb / gunzip).toFixed(0)} MB/s`],
      ['ratio parser / gunzip', `${(gunzip / parse).toFixed(2)}×`],
    ],
  };
}
