/**
 * Big generated logs, fast: a block of realistic hits (page views with a referrer, campaign
 * parameters, a base64 context, a few browsers, and per line a random visitor, session and IP,
 * so they compress about as well as real logs: ~1.3 KB a line, like bench/parser.ts) is built
 * once, then copied again and again with a fresh event id written into each copy, straight into
 * a gzip stream. Gigabytes take seconds, and every event is distinct.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { LOG_HEADER } from '../../contract/cloudfront.ts';
import { logName } from './etl-logs.ts';
import { logLine, pageViewQuery } from './loglines.ts';

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
];

/** The id of every generated event: the last 12 hex digits count up. */
const ID_PREFIX = 'feedface-0000-4000-8000-';

function block(lines: number, hour: string): { bytes: Buffer; idAt: number[] } {
  let seed = 1;
  const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const parts: string[] = [];
  for (let i = 0; i < lines; i++) {
    const cx = Buffer.from(JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: `a1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}` } }] })).toString('base64url');
    const query = pageViewQuery({
      eid: ID_PREFIX + '000000000000',
      url: `https://shop.example/products/item-${i % 500}?utm_source=newsletter&utm_medium=email&utm_campaign=winter-sale`,
      refr: 'https://www.google.com/search?q=winter+boots+sale&hl=en',
      page: `Winter boots — item ${i % 500} | Shop`,
      duid: uuid(),
      sid: uuid(),
      vid: String(1 + Math.floor(random() * 40)),
      dtm: String(1764316800000 + Math.floor(random() * 3.6e6)),
      cx,
    });
    const s = i % 3600;
    const ip = `${1 + Math.floor(random() * 223)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
    parts.push(logLine({ at: `${hour.slice(0, 10)} ${hour.slice(11)}:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`, query, ip, userAgent: USER_AGENTS[i % USER_AGENTS.length]! }));
  }
  const bytes = Buffer.from(parts.join(''));
  const idAt: number[] = [];
  for (let at = bytes.indexOf(ID_PREFIX); at >= 0; at = bytes.indexOf(ID_PREFIX, at + 1)) idAt.push(at + ID_PREFIX.length);
  return { bytes, idAt };
}

export interface BigLogs {
  readonly lines: number;
  /** Uncompressed bytes of log text. */
  readonly bytes: number;
  readonly files: readonly string[];
}

/** `files` logs holding `bytes` of log text in all, every event distinct; gzip level 1. */
export async function writeBigLogs(dir: string, options: { bytes: number; files: number; day?: string }): Promise<BigLogs> {
  const day = options.day ?? '2025-11-28';
  let next = 0;
  let lines = 0;
  let written = 0;
  const files: string[] = [];
  for (let f = 0; f < options.files; f++) {
    const hour = `${day}-${String(f % 24).padStart(2, '0')}`;
    const { bytes: template, idAt } = block(2000, hour);
    const path = join(dir, logName(hour, `big${f}`));
    files.push(path);
    const gzip = createGzip({ level: 1 });
    const done = once(gzip.pipe(createWriteStream(path)), 'close');
    gzip.write(LOG_HEADER);
    const target = Math.ceil(options.bytes / options.files);
    for (let size = 0; size < target; size += template.length) {
      const copy = Buffer.from(template);
      for (const at of idAt) copy.write((next++).toString(16).padStart(12, '0'), at, 'latin1');
      lines += idAt.length;
      written += copy.length;
      if (!gzip.write(copy)) await once(gzip, 'drain');
    }
    gzip.end();
    await done;
  }
  return { lines, bytes: written, files };
}
