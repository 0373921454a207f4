/**
 * The real local collector for tracker tests that need CloudFront logs: port 0 on 127.0.0.1,
 * logs in a temporary folder removed by `close`.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LOG_FIELDS } from '../../contract/cloudfront.ts';
import { startCollector, type Collector } from '../../infra/collector/index.ts';
import { createLogger } from '../../node/logger.ts';

export interface LoggingCollector {
  readonly url: string;
  /** Delivers what is spooled, then returns the `cs-uri-query` of every `/i` line logged so far. */
  queries(): Promise<string[]>;
  close(): Promise<void>;
}

const STEM = LOG_FIELDS.indexOf('cs-uri-stem');
const QUERY = LOG_FIELDS.indexOf('cs-uri-query');

export async function startLoggingCollector(): Promise<LoggingCollector> {
  const dir = await mkdtemp(join(tmpdir(), 'firn-tracker-'));
  let collector: Collector | undefined;
  try {
    collector = await startCollector({ host: '127.0.0.1', port: 0, logs: join(dir, 'logs'), rotateSeconds: 3600, logger: createLogger('warn') });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const c = collector;
  return {
    url: c.url,
    async queries() {
      await c.rotate();
      const logs = join(dir, 'logs');
      const files = (await readdir(logs)).filter((f) => f.endsWith('.gz')).sort();
      const lines = (await Promise.all(files.map(async (f) => gunzipSync(await readFile(join(logs, f))).toString('utf8').split('\n')))).flat();
      return lines.filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')).filter((f) => f[STEM] === '/i').map((f) => f[QUERY]!);
    },
    async close() {
      await c.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
