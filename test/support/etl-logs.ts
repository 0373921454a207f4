/**
 * Raw logs for ETL tests: gzipped log files of page views with chosen event ids, duplicates,
 * and events split into fragments (docs/protocol.md), written into a folder.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { logFile, logLine, pageViewQuery, type Hit } from './loglines.ts';

/** A deterministic event id for test number `n`. */
export const eid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A CloudFront-style log file name for an hour: `EFIRN.<YYYY-MM-DD-HH>.<tag>.gz`. */
export const logName = (hour: string, tag: string): string => `EFIRN.${hour}.${tag.padEnd(8, 'X').slice(0, 8).toUpperCase()}.gz`;

/** A page view line at `at` with event id `eid(n)`. */
export const pageView = (n: number, at = '2025-11-28 10:00:00', more: Hit = {}): string => logLine({ at, query: pageViewQuery({ eid: eid(n) }), ...more });

export async function writeLog(dir: string, name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, gzipSync(logFile(lines)));
  return path;
}

/** A self-describing event too big for one URL: the payload the fragments carry. */
export function bigEventQuery(id: string, items = 300): string {
  const data = { items: Array.from({ length: items }, (_, i) => ({ sku: `SKU-${i}`, name: `Item ${i} of ${id}`, price: i * 1.5 })) };
  const ue = { schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: 'iglu:com.acme/cart/jsonschema/1-0-0', data } };
  return pageViewQuery({ e: 'ue', eid: id, ue_px: Buffer.from(JSON.stringify(ue)).toString('base64url') });
}

/**
 * The `n` fragment hits of event `id` (raw DEFLATE, base64url, split evenly), as log lines at
 * `at` plus i seconds. `payload` defaults to bigEventQuery(id).
 */
export function fragmentLines(id: string, n: number, at = '2025-11-28 10:00:00', payload = bigEventQuery(id)): string[] {
  const data = deflateRawSync(Buffer.from(payload)).toString('base64url');
  const size = Math.ceil(data.length / n);
  const [day, time] = at.split(' ') as [string, string];
  const base = Date.parse(`${day}T${time}Z`);
  return Array.from({ length: n }, (_, i) => {
    const t = new Date(base + i * 1000).toISOString();
    return logLine({ at: `${t.slice(0, 10)} ${t.slice(11, 19)}`, query: `eid=${id}&tv=js-firn-0.1.0&fx_e=z&fx_i=${i + 1}&fx_n=${n}&fx_d=${data.slice(i * size, (i + 1) * size)}` });
  });
}

/**
 * `files` hourly logs of `lines` lines each, from a seeded generator: page views whose ids
 * repeat inside and across logs, a bad line now and then, a non-pixel request, and events split
 * into fragments that straddle two logs. Returns the distinct event ids written.
 */
export async function writeMixedLogs(dir: string, options: { files: number; lines: number; seed?: number; day?: string }): Promise<Set<string>> {
  let seed = options.seed ?? 1;
  const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const day = options.day ?? '2025-11-28';
  const ids = new Set<string>();
  let carried: string[] = [];
  for (let f = 0; f < options.files; f++) {
    const hour = String(f % 24).padStart(2, '0');
    const lines: string[] = [...carried];
    carried = [];
    for (let i = 0; i < options.lines; i++) {
      const at = `${day} ${hour}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
      const r = random();
      if (r < 0.02) lines.push(logLine({ at, query: 'e=pv&p=mobile&eid=' + eid(1_000_000 + f * 10_000 + i) }));
      else if (r < 0.03) lines.push(logLine({ at, path: '/favicon.ico', query: '-' }));
      else if (r < 0.035) {
        const id = eid(2_000_000 + f * 10_000 + i);
        const pieces = fragmentLines(id, 3, at);
        lines.push(pieces[0]!, pieces[2]!);
        carried.push(pieces[1]!); // the middle one arrives in the next log
        if (f < options.files - 1) ids.add(id);
      } else {
        const n = Math.floor(random() * options.files * options.lines * 0.8);
        ids.add(eid(n));
        lines.push(pageView(n, at));
      }
    }
    await writeLog(dir, logName(`${day}-${hour}`, `m${f}`), lines);
  }
  return ids;
}
