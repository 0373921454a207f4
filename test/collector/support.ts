/** Helpers for the collector tests: temp folders, a collector on a free port, raw HTTP, delivered files. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LOG_FIELDS, type LogField } from '../../contract/cloudfront.ts';
import type { Logger } from '../../node/logger.ts';
import { startCollector, type Collector, type CollectorConfig } from '../../infra/collector/index.ts';

/** A logger that keeps what it is told, so tests can assert on warnings and errors. */
export function memoryLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => void lines.push('info ' + m),
    warn: (m) => void lines.push('warn ' + m),
    error: (m, e) => void lines.push('error ' + m + (e instanceof Error ? ': ' + e.message : '')),
  };
}

/** Temp folders and collectors made by a test; `cleanUp()` in `afterEach` closes and removes them all. */
export function testWorld() {
  const dirs: string[] = [];
  const collectors: Collector[] = [];
  return {
    async dir(): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'firn-collector-test-'));
      dirs.push(dir);
      return dir;
    },
    /** A collector on 127.0.0.1, a free port, with rotation far off so only the test rotates. */
    async collector(config: Partial<CollectorConfig> & Pick<CollectorConfig, 'logs'>): Promise<Collector> {
      const collector = await startCollector({ host: '127.0.0.1', port: 0, rotateSeconds: 3600, logger: memoryLogger(), ...config });
      collectors.push(collector);
      return collector;
    },
    async cleanUp(): Promise<void> {
      await Promise.allSettled(collectors.splice(0).map((c) => c.close()));
      await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

export interface RawExchange {
  /** Every byte the server sent until it closed the connection. */
  readonly response: Buffer;
  /** The client's own port, which the log has as `c-port`. */
  readonly clientPort: number;
}

/** Sends `request` byte for byte (a string as latin1) on a fresh connection; the server must close it. */
export function rawExchange(port: number, request: string): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.from(request, 'latin1')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve({ response: Buffer.concat(chunks), clientPort: socket.localPort! }));
    socket.on('error', reject);
  });
}

/** A GET with `Connection: close`, the extra header lines given as `Name: value`. */
export function rawGet(port: number, target: string, ...headers: string[]): Promise<RawExchange> {
  return rawExchange(port, [`GET ${target} HTTP/1.1`, 'Host: collector.test', ...headers, 'Connection: close', '', ''].join('\r\n'));
}

export interface DeliveredFile {
  readonly key: string;
  /** Gunzipped. */
  readonly text: string;
}

/** The `.gz` files delivered at the top of a folder bucket, by name. */
export async function deliveredFiles(logs: string): Promise<DeliveredFile[]> {
  const names = (await readdir(logs)).filter((n) => n.endsWith('.gz')).sort();
  return Promise.all(names.map(async (key) => ({ key, text: gunzipSync(await readFile(join(logs, key))).toString('latin1') })));
}

/** The data lines of delivered files (header lines dropped), each split on TAB. */
export async function deliveredRows(logs: string): Promise<string[][]> {
  const files = await deliveredFiles(logs);
  return files.flatMap((f) => dataLines(f.text).map((l) => l.split('\t')));
}

/** The lines of a log file that are not header lines. */
export function dataLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

/** Delivers now and returns the single data row this rotation delivered; fails when there is not exactly one. */
export async function onlyRow(collector: Collector): Promise<string[]> {
  const keys = new Set(await collector.rotate());
  const files = (await deliveredFiles(collector.config.bucket.url)).filter((f) => keys.has(f.key));
  const rows = files.flatMap((f) => dataLines(f.text).map((l) => l.split('\t')));
  if (rows.length !== 1) throw new Error(`expected one logged row, got ${rows.length}: ${JSON.stringify(rows)}`);
  return rows[0]!;
}

/** One field of a logged row, by its CloudFront name. */
export function field(row: readonly string[], name: LogField): string {
  const value = row[LOG_FIELDS.indexOf(name)];
  if (value === undefined) throw new Error(`row has no ${name} field: ${JSON.stringify(row)}`);
  return value;
}
