/**
 * Parser throughput, single core, on a generated 33-field log (page views with campaign URLs, a
 * search referrer, a base64 context and a real-world UA mix, ~1.3 KB per line), next to the
 * named baselines in the same run: a straightforward TypeScript parser (bench/baseline-parser.ts),
 * gunzip of the same log, and GoAccess when it is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync, gzipSync } from 'node:zlib';
import { distPath } from '../node/paths.ts';
import { compileApart } from './compile.ts';
import type { EnrichmentConfig } from '../wasm/binding/config.ts';
import { LogParser, type BatchSink, type LineCounts, type MemoCounts } from '../wasm/binding/parser.ts';
import { logLine, pageViewQuery } from '../test/support/loglines.ts';
import { userAgentCorpus } from '../test/support/ua-corpus.ts';
import { baselineParse } from './baseline-parser.ts';
import type { BenchResult } from './result.ts';

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
];

/**
 * One realistic hit: 500 pages, reached from one search. `distinct`: every hit's page URL and
 * referrer differ from all others (no memo ever hits; wasm/assembly/memo.ts).
 */
export function benchLine(i: number, distinct = false): string {
  const cx = Buffer.from(JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: `a1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}` } }] })).toString('base64url');
  const query = pageViewQuery({
    eid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    url: `https://shop.example/products/item-${distinct ? i : i % 500}?utm_source=newsletter&utm_medium=email&utm_campaign=winter-sale`,
    refr: `https://www.google.com/search?q=winter+boots+sale&hl=en${distinct ? `&start=${i}` : ''}`,
    page: `Winter boots — item ${i % 500} | Shop`,
    cx,
  });
  const seconds = i % 3600;
  return logLine({ at: `2025-11-28 10:${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`, query, userAgent: USER_AGENTS[i % USER_AGENTS.length]!, ip: `198.51.100.${i % 250}` });
}

/**
 * A mixed log, where caches help less: page views, pings, structured and self-describing events
 * (each kind sends other parameter names), several referrers, and UAs drawn by traffic weight from
 * a real corpus (the `user-agents` package: about 950 distinct strings).
 */
export function mixedLines(lines: number): string[] {
  const corpus = userAgentCorpus();
  const total = corpus.reduce((sum, e) => sum + e.weight, 0);
  let seed = 42;
  const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pickUa = (): string => {
    let r = random() * total;
    for (const e of corpus) if ((r -= e.weight) <= 0) return e.userAgent;
    return corpus[0]!.userAgent;
  };
  const referrers = ['https://www.google.com/search?q=winter+boots', 'https://www.bing.com/search?q=boots', 'https://www.facebook.com/', 'https://shop.example/products', ''];
  const ue = Buffer.from(JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: 'iglu:com.acme/add_to_basket/jsonschema/1-0-0', data: { sku: 'B-123', quantity: 2 } } })).toString('base64url');
  return Array.from({ length: lines }, (_, i) => {
    const kind = random();
    const extra: Record<string, string> =
      kind < 0.6 ? { refr: referrers[i % referrers.length]! }
      : kind < 0.85 ? { e: 'pp', pp_mix: '0', pp_max: String(i % 900), pp_miy: '0', pp_may: String(i % 4000) }
      : kind < 0.95 ? { e: 'se', se_ca: 'shop', se_ac: 'add-to-basket', se_la: `item-${i % 500}`, se_va: '19.99' }
      : { e: 'ue', ue_px: ue };
    const query = pageViewQuery({ eid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, url: `https://shop.example/products/item-${i % 500}`, page: `Item ${i % 500}`, ...extra });
    const seconds = i % 3600;
    return logLine({ at: `2025-11-28 11:${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`, query, userAgent: pickUa(), ip: `198.51.100.${i % 250}` });
  });
}

/** The generated logs by name, for the tools that take `--log` (bench/ab.ts, bench/instructions.ts). */
export const BENCH_LOGS: Record<string, (lines: number) => string[]> = {
  bench: (n) => Array.from({ length: n }, (_, i) => benchLine(i)),
  mixed: (n) => mixedLines(n),
  distinct: (n) => Array.from({ length: n }, (_, i) => benchLine(i, true)),
};

/** A `--name` option's value as a whole number of at least 1, or an error naming it. */
export function wholeNumberOption(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} ${text}: expected a whole number of at least 1`);
  return n;
}

/**
 * Best time of each contender, in seconds, after a warm-up of each: the contenders take turns
 * (one run each per round), so a slow phase of a shared machine slows them all alike instead of
 * skewing the ratios between them. `rounds` per contender, fewer for a slow one.
 */
function bestOfRounds<K extends string>(contenders: Record<K, { readonly run: () => void; readonly rounds: number }>): Record<K, number> {
  const entries = Object.entries(contenders) as [K, { run: () => void; rounds: number }][];
  for (const [, c] of entries) c.run();
  const best = Object.fromEntries(entries.map(([k]) => [k, Infinity])) as Record<K, number>;
  const rounds = Math.max(...entries.map(([, c]) => c.rounds));
  for (let r = 0; r < rounds; r++) {
    for (const [k, c] of entries) {
      if (r >= c.rounds) continue;
      const t = performance.now();
      c.run();
      best[k] = Math.min(best[k], (performance.now() - t) / 1000);
    }
  }
  return best;
}

/** One file's worth of `log` through `parser`, in 1-MiB pushes as a stream would feed it; its counts. */
export function parseBenchLog(parser: LogParser, log: Uint8Array, sink: BatchSink): LineCounts {
  parser.beginFile('bench.log', 0);
  for (let at = 0; at < log.length; at += 1 << 20) parser.push(log.subarray(at, at + (1 << 20)), sink);
  return parser.end(sink);
}

/** Compilations of the parser each wasm row is the mean of. */
const COMPILATIONS = 3;

export async function benchParser(lines = 200_000): Promise<BenchResult> {
  const text = Array.from({ length: lines }, (_, i) => benchLine(i)).join('');
  const bytes = Buffer.from(text);
  const mb = bytes.length / 1e6;
  const rate = (seconds: number, log: Uint8Array = bytes): string => `${Math.round(lines / seconds).toLocaleString('en')} lines/s, ${(log.length / 1e6 / seconds).toFixed(0)} MB/s`;

  const parsers = new Map<Uint8Array, LogParser>();
  const wasmBytes = readFileSync(distPath('firn.wasm'));
  const modules = await Promise.all(Array.from({ length: COMPILATIONS }, (_, k) => compileApart(wasmBytes, k)));
  type Contender = { run: () => void; rounds: number };
  // one contender per compilation (`name#k`), averaged below
  const wasm = async (name: string, enrichments: EnrichmentConfig, log = bytes): Promise<Record<string, Contender>> => {
    const out: Record<string, Contender> = {};
    for (const [k, module] of modules.entries()) {
      const parser = await LogParser.create(module, { enrichments });
      if (k === 0 && Object.keys(enrichments).length === 0) parsers.set(log, parser);
      out[`${name}#${k}`] = {
        rounds: 5,
        run: () => {
          const counts = parseBenchLog(parser, log, () => {});
          if (counts.good !== lines) throw new Error(`bench log parsed into ${counts.good} good events, expected ${lines}`);
        },
      };
    }
    return out;
  };
  const mixedBytes = Buffer.from(mixedLines(lines).join(''));
  const distinctBytes = Buffer.from(Array.from({ length: lines }, (_, i) => benchLine(i, true)).join(''));
  const gz = gzipSync(bytes, { level: 6 });
  const best = bestOfRounds<string>({
    ...(await wasm('all', {})),
    ...(await wasm('mixed', {}, mixedBytes)),
    ...(await wasm('distinct', {}, distinctBytes)),
    ...(await wasm('md5', { fingerprint: { algorithm: 'md5' } })),
    ...(await wasm('murmur3', { fingerprint: { algorithm: 'murmur3' } })),
    ...(await wasm('bare', { campaign: false, referer: false, userAgent: false, fingerprint: false, crossDomain: false })),
    baseline: {
      rounds: 2, // 4–5 s a run
      run: () => {
        if (baselineParse(text).good !== lines) throw new Error('baseline parser lost lines');
      },
    },
    gunzip: { rounds: 3, run: () => void gunzipSync(gz) },
  });
  // a wasm row's time: the one that gives the mean of its compilations' rates
  const meanTime = (name: string): number => COMPILATIONS / modules.reduce((sum: number, _module, k) => sum + 1 / best[`${name}#${k}`]!, 0);
  const [all, mixed, distinct, md5, murmur3, bare] = ['all', 'mixed', 'distinct', 'md5', 'murmur3', 'bare'].map(meanTime) as [number, number, number, number, number, number];
  const { baseline, gunzip } = best as { baseline: number; gunzip: number };
  const spread = (name: string, log: Uint8Array = bytes): string => {
    const rates = modules.map((_, k) => Math.round(lines / best[`${name}#${k}`]! / 1000));
    return `${rate(meanTime(name), log)} (compilations ${Math.min(...rates)}k–${Math.max(...rates)}k)`;
  };

  const rows: [string, string][] = [
    ['log', `${lines.toLocaleString('en')} lines, ${(bytes.length / lines).toFixed(0)} B/line, ${mb.toFixed(0)} MB`],
    ['wasm parser, all enrichments (XXH3 fingerprint, the default)', spread('all')],
    ['wasm parser, all enrichments, MurmurHash3 fingerprint (the default before 2026-12)', rate(murmur3)],
    ['wasm parser, all enrichments, MD5 fingerprint (the classic ETL\'s)', rate(md5)],
    [`wasm parser, all enrichments, mixed log (${(mixedBytes.length / lines).toFixed(0)} B/line: pv, pp, se, ue; real UA mix)`, rate(mixed, mixedBytes)],
    [`wasm parser, all enrichments, every page URL and referrer distinct (${(distinctBytes.length / lines).toFixed(0)} B/line: no memo hits)`, rate(distinct, distinctBytes)],
    ['wasm parser, URL split only (as the baseline)', rate(bare)],
    ['baseline: straightforward TypeScript parser', rate(baseline)],
    ['baseline: gunzip of the same log (node:zlib)', rate(gunzip)],
    ['wasm all enrichments / TypeScript baseline', `${(baseline / all).toFixed(1)}×`],
    ['wasm URL split only / TypeScript baseline', `${(baseline / bare).toFixed(1)}×`],
  ];
  // the memos' share of lookups answered (wasm/assembly/memo.ts), over all runs of each log
  const hitRates = (log: Uint8Array): string => {
    const stats = parsers.get(log)!.memoStats();
    const rate = ({ lookups, hits }: MemoCounts): string => (lookups === 0 ? '–' : `${Math.round((hits / lookups) * 100)} %`);
    return `page ${rate(stats.page)}, referrer ${rate(stats.referrer)}, User-Agent ${rate(stats.userAgent)}`;
  };
  rows.push(['memo hits, bench log', hitRates(bytes)], ['memo hits, mixed log', hitRates(mixedBytes)], ['memo hits, distinct log', hitRates(distinctBytes)]);
  const goaccess = benchGoAccess(bytes);
  if (goaccess !== null) rows.push(['baseline: GoAccess --log-format=CLOUDFRONT', rate(goaccess)]);
  return {
    title: 'Parser (one core)',
    rows,
    note:
      'Best of 5 runs (the TypeScript baseline 2, gunzip 3), after a warm-up of each, the contenders taking turns, so that a slow phase of a shared machine slows them alike instead of skewing their ratios; ' +
      `each wasm row is the mean of ${COMPILATIONS} compilations of the parser, each one's best run (where V8 puts a compilation's code moves its speed by up to ±3 %: bench/compile.ts); ` +
      (goaccess === null ? 'GoAccess is not installed (`apt-get install goaccess` adds it to this table).' : 'GoAccess runs once, after them.'),
  };
}

/** GoAccess on the same log, when installed; null otherwise. */
function benchGoAccess(bytes: Buffer): number | null {
  if (spawnSync('sh', ['-c', 'command -v goaccess']).status !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'firn-bench-goaccess-'));
  try {
    const log = join(dir, 'cf.log');
    writeFileSync(log, bytes);
    const t = performance.now();
    execFileSync('goaccess', [log, '--log-format=CLOUDFRONT', '-o', join(dir, 'report.json'), '--no-progress'], { stdio: 'ignore' });
    return (performance.now() - t) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
