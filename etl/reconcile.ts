/**
 * Dropping rows from a staged part after the fact: the rare path where a log kept an event that
 * another log committed first, after this one was read against the lake's snapshot (two logs of
 * one run holding the same event, or a concurrent Lambda). The part is streamed through gunzip,
 * rows whose event_id (column 7) is in `drop` are left out, and the rest is compressed again:
 * the same bytes as if the rows had been dropped while parsing.
 */
import { createReadStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { GzipFile } from './stage/gzip-file.ts';
import type { IdLookup } from './dedup/lookup.ts';
import { readEventId } from './ids/eid.ts';

const TAB = 9;
const LF = 10;
/** event_id is the 7th canonical column. */
const EVENT_ID_COLUMN = 6;

/** Rewrites the gzip file at `path` without the rows whose id is in `drop`; the number dropped. */
export async function dropRows(path: string, drop: IdLookup): Promise<number> {
  const out = new GzipFile(path + '.rewrite');
  const id = new Uint32Array(4);
  let carry: Buffer = Buffer.alloc(0);
  let dropped = 0;
  const rows = (bytes: Buffer, final: boolean): Buffer => {
    let start = 0;
    let keepFrom = 0;
    let kept = 0;
    for (let lf = bytes.indexOf(LF); lf >= 0 || (final && start < bytes.length); lf = bytes.indexOf(LF, start)) {
      const end = lf >= 0 ? lf + 1 : bytes.length;
      let at = start;
      for (let tabs = 0; tabs < EVENT_ID_COLUMN && at < end; at++) if (bytes[at] === TAB) tabs++;
      if (readEventId(bytes, at, id) && drop.has(id, 0)) {
        if (start > keepFrom) out.write(bytes.subarray(keepFrom, start), kept);
        kept = 0;
        keepFrom = end;
        dropped++;
      } else kept++;
      start = end;
      if (lf < 0) break;
    }
    if (start > keepFrom) out.write(bytes.subarray(keepFrom, start), kept);
    return bytes.subarray(start);
  };
  for await (const chunk of createReadStream(path).pipe(createGunzip()) as AsyncIterable<Buffer>) {
    carry = rows(carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk, false);
    await out.drain();
  }
  rows(carry, true);
  await out.end();
  await rename(out.path, path);
  return dropped;
}
