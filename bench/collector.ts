/**
 * Collector under load on loopback: `firn collector` in its own process (as users run it), hit
 * by autocannon with keep-alive connections, each request a page view with a unique id. Reports
 * requests/s and latency percentiles, checks that every answered hit is in the delivered logs
 * exactly once (after SIGTERM, which delivers everything), and samples the collector's resident
 * memory while the load runs to show it stays flat.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { LOG_FIELDS } from '../contract/cloudfront.ts';
import { packageRoot } from '../node/paths.ts';
import { pageViewQuery } from '../test/support/loglines.ts';
import type { BenchResult } from './result.ts';

/** The part of autocannon 9 used here (it ships no types). */
interface AutocannonResult {
  readonly '2xx': number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly duration: number;
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly requests: { readonly average: number; readonly total: number };
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadOptions {
  /** Concurrent keep-alive connections (clients). */
  readonly connections: number;
  /** Stop after this many requests… */
  readonly amount?: number;
  /** …or after this many seconds. */
  readonly seconds?: number;
}

export interface LoadResult {
  /** Requests answered 2xx: hits the collector promised to have logged. */
  readonly answered: number;
  readonly failed: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Page views, each with a unique `n` (autocannon's `[<id>]`), from browser-like clients. */
export async function fireHits(url: string, options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: `${url}/i?${pageViewQuery()}&n=[<id>]`,
    connections: options.connections,
    ...(options.amount === undefined ? { duration: options.seconds ?? 10 } : { amount: options.amount }),
    idReplacement: true,
    headers: {
      'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      Referer: 'https://shop.example/products?id=7',
      Origin: 'https://shop.example',
    },
  });
  return {
    answered: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

export interface DeliveredCount {
  /** Data lines in every delivered file. */
  readonly lines: number;
  /** Distinct `n` values among them: equal to `lines` when no hit was delivered twice. */
  readonly unique: number;
  readonly files: number;
}

/** Counts the hits of `fireHits` in the `.gz` files of a logs folder. */
export async function countDelivered(logs: string): Promise<DeliveredCount> {
  const query = LOG_FIELDS.indexOf('cs-uri-query');
  const ids = new Set<string>();
  let lines = 0;
  const files = (await readdir(logs)).filter((f) => f.endsWith('.gz'));
  for (const file of files) {
    for (const line of gunzipSync(await readFile(join(logs, file))).toString('latin1').split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      lines++;
      ids.add(/(?:^|&)n=([^&]*)/.exec(line.split('\t')[query]!)?.[1] ?? '');
    }
  }
  return { lines, unique: ids.size, files: files.length };
}

/** `npm run bench` section: about 10 s of load on a collector process, then the count check. */
export async function benchCollector(seconds = 10, connections = 50): Promise<BenchResult> {
  const logs = await mkdtemp(join(tmpdir(), 'firn-bench-collector-'));
  const collector = await spawnCollector(logs);
  try {
    const memory = sampleMemory(collector.pid);
    // Fixed amounts, not durations: autocannon stops a timed run without counting the requests
    // still in flight, which the collector did log, and the count check must be exact.
    const coldStart = await fireHits(collector.url, { connections, amount: 5000 }); // JIT, socket pools
    const warmUp = await fireHits(collector.url, { connections, amount: 10_000 }); // warm: its rate sizes the run (the cold one's is a third)
    const warmRss = memory.current();
    const amount = Math.max(10_000, Math.round(warmUp.requestsPerSecond * seconds));
    const load = await fireHits(collector.url, { connections, amount });
    const samples = memory.stop();
    collector.process.kill('SIGTERM'); // delivers every spooled line, then exits
    const [code] = (await once(collector.process, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`the collector exited with ${code} after SIGTERM`);
    const delivered = await countDelivered(logs);
    const answered = load.answered + warmUp.answered + coldStart.answered;
    if (delivered.lines !== answered || delivered.unique !== answered)
      throw new Error(`answered ${answered} hits, but the logs hold ${delivered.lines} lines with ${delivered.unique} distinct hits`);
    const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
    return {
      title: 'Collector under load (loopback, autocannon)',
      rows: [
        ['load', `${connections} keep-alive connections, ${load.answered.toLocaleString('en')} requests in ${(load.answered / load.requestsPerSecond).toFixed(0)} s (sized from a warm-up's rate for about ${seconds} s), page views of ${Math.round(delivered.lines > 0 ? (await logBytes(logs)) / delivered.lines : 0)} B/line`],
        ['requests/s', Math.round(load.requestsPerSecond).toLocaleString('en')],
        ['latency p50 / p99', `${load.p50Ms} ms / ${load.p99Ms} ms`],
        ['failed requests', String(load.failed)],
        ['count check', `${answered.toLocaleString('en')} answered = ${delivered.lines.toLocaleString('en')} delivered lines, each hit once, in ${delivered.files} file${delivered.files === 1 ? '' : 's'}`],
        [
          'collector RSS after warm-up / at half time / at the end (peak)',
          samples.length > 0 ? `${mb(warmRss)} / ${mb(samples[Math.floor(samples.length / 2)]!)} / ${mb(samples[samples.length - 1]!)} MB (${mb(Math.max(...samples))} MB)` : 'not measured (no /proc)',
        ],
      ],
      note: 'The collector (run from source through tsx, whose loader is part of its memory) and autocannon share the machine. Every request is a 33-field line appended (group-committed) to the spool before its 200, fdatasynced within a second, delivered by time and by size during the run.',
    };
  } finally {
    if (collector.process.exitCode === null) collector.process.kill('SIGKILL');
    await rm(logs, { recursive: true, force: true });
  }
}

async function logBytes(logs: string): Promise<number> {
  let bytes = 0;
  for (const file of (await readdir(logs)).filter((f) => f.endsWith('.gz'))) bytes += gunzipSync(await readFile(join(logs, file))).length;
  return bytes;
}

interface RunningCollector {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly url: string;
}

/** `firn collector` from source (tsx), on a free port, rotating every 5 s so deliveries run during the load. */
async function spawnCollector(logs: string): Promise<RunningCollector> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot, 'node/cli.ts'), 'collector', '--port', '0', '--logs', logs, '--rotate', '5', '--stream', 'off'], {
    cwd: packageRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  for await (const line of createInterface({ input: child.stderr! })) {
    const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
    if (url) {
      child.stderr!.resume(); // keep draining: a full pipe would block the collector's logging
      return { process: child, pid: child.pid!, url };
    }
  }
  throw new Error(`firn collector exited before listening (code ${child.exitCode})`);
}

/** Resident memory of a process, sampled every 250 ms from /proc (Linux). */
function sampleMemory(pid: number): { current(): number; stop(): number[] } {
  const samples: number[] = [];
  const read = (): number | null => {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kb ? Number(kb) * 1024 : null;
    } catch {
      return null;
    }
  };
  const timer = setInterval(() => {
    const rss = read();
    if (rss !== null) samples.push(rss);
  }, 250);
  return {
    current: () => read() ?? 0,
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}
