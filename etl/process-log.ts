/**
 * One raw log object → its staged output, on local disk, nothing written to the lake yet:
 * gunzip stream → the wasm parser in chunks → event rows routed to a gzip part per collector
 * date, each row's event_id checked against the lake and this log's earlier rows (`LogIds`) from
 * the parser's index (no row is re-parsed here), bad rows to one gzip file, fragment records to a
 * file for the commit. Memory stays bounded whatever the log's size: chunks, parts and id sets
 * are bounded, and rows for a date whose stored ids are still being fetched wait in a backlog of
 * at most one parser step (`needDate`).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { badKey, eventsKey } from '../contract/lake.ts';
import type { Bucket, ObjectInfo } from '../node/bucket/index.ts';
import { INDEX_WORDS, IndexField, type LogParser, type ParsedBatch } from '../wasm/binding/parser.ts';
import type { LineCounts } from './counts.ts';
import { dateText } from './dates.ts';
import { type IdLookup } from './dedup/lookup.ts';
import { LogIds, type DedupMode } from './dedup/log-ids.ts';
import { readEventId } from './ids/eid.ts';
import { logId } from './manifest.ts';
import { youngGarbageCollector } from './memory.ts';
import { logFileDate } from './select.ts';
import { GzipFile } from './stage/gzip-file.ts';
import { StagedParts, type StagedPart } from './stage/parts.ts';

/** Decompressed bytes per parser step. */
const CHUNK_BYTES = 256 << 10;

/** Where a log's rows are checked: `exclude` the lake's ids, or `allow` only a committed claim. */
export interface DedupSource {
  readonly mode: DedupMode;
  /** Makes `lookup(date)` answer for this date (fetching stored ids as needed). */
  prepare(date: number): Promise<void>;
  ready(date: number): boolean;
  lookup(date: number): IdLookup;
}

export interface ProcessContext {
  readonly parser: LogParser;
  readonly input: Bucket;
  /** A folder for this log only. */
  readonly dir: string;
  readonly etlTstampMs: number;
  readonly dedup: DedupSource;
  /** The date bad rows are filed under, when it is already decided (replaying a commit). */
  readonly badDate?: string;
  /** Compressed bytes read so far and lines (LFs) seen, every few MB. */
  readonly onProgress?: (bytes: number, lines: number) => void;
}

export interface StagedClaim {
  readonly date: string;
  readonly path: string;
  readonly count: number;
}

export interface StagedLog {
  readonly log: ObjectInfo;
  readonly logId: string;
  /** Compressed bytes read. */
  readonly bytes: number;
  readonly counts: LineCounts & { readonly fragments: number };
  /** Events parts, then the bad-row part. */
  readonly parts: readonly StagedPart[];
  /** Ids kept, per date: what the commit claims. */
  readonly claims: readonly StagedClaim[];
  /** Fragment records (JSON lines) for the commit, or null without any. */
  readonly fragments: string | null;
  /** Newest collector date of an event in the log. */
  readonly maxDate: string | null;
  /** The date bad rows are filed under (also the fallback date of fragments). */
  readonly badDate: string;
}

interface Backlog {
  readonly events: Buffer;
  readonly index: Uint32Array;
}

export async function processLog(log: ObjectInfo, ctx: ProcessContext): Promise<StagedLog> {
  await mkdir(ctx.dir, { recursive: true });
  const id = logId(log.key);
  const events = new StagedParts(ctx.dir, 'events', (date, segment) => eventsKey(date, segment === 0 ? id : `${id}-${segment}`));
  const bad = new GzipFile(join(ctx.dir, 'bad.gz'));
  let fragments: WriteStream | null = null;
  const ids = new LogIds(ctx.dir, ctx.dedup.mode, (date) => ctx.dedup.lookup(date));
  const eid = new Uint32Array(4);
  let duplicates = 0;
  let kept = 0;
  let maxDate = 0;
  let firstDate = 0;

  let backlog: Backlog[] = [];
  const needed = new Set<number>();

  /** Routes rows from `index[from]` on; stops, keeping the rest, at a date not ready yet. */
  const route = (bytes: Uint8Array, index: Uint32Array, from: number): void => {
    let runDate = -1, runFrom = 0, runTo = 0, runRows = 0;
    const flush = (): void => {
      if (runRows > 0) events.write(dateText(runDate), bytes.subarray(runFrom, runTo), runRows);
      runRows = 0;
    };
    for (let i = from; i < index.length; i += INDEX_WORDS) {
      const date = index[i + IndexField.date]!;
      if (date !== runDate) {
        flush();
        if (!ctx.dedup.ready(date)) {
          needed.add(date);
          const base = index[i + IndexField.offset]!;
          const rest = index.slice(i);
          for (let r = 0; r < rest.length; r += INDEX_WORDS) rest[r + IndexField.offset]! -= base;
          backlog.push({ events: Buffer.from(bytes.subarray(base)), index: rest });
          return;
        }
        runDate = date;
        if (firstDate === 0) firstDate = date;
        if (date > maxDate) maxDate = date;
      }
      const offset = index[i + IndexField.offset]!;
      const length = index[i + IndexField.length]!;
      // The parser only writes UUIDs; an unreadable id would be kept rather than lost.
      if (readEventId(bytes, offset + index[i + IndexField.eventId]!, eid) && !ids.keep(date, eid, 0)) {
        flush();
        duplicates++;
        continue;
      }
      if (runRows === 0) runFrom = offset;
      runTo = offset + length;
      runRows++;
      kept++;
    }
    flush();
  };

  const sink = (batch: ParsedBatch): void => {
    if (batch.bad.length > 0) bad.write(batch.bad, 0);
    if (batch.fragments.length > 0) {
      fragments ??= createWriteStream(join(ctx.dir, 'fragments.jsonl'), { flags: 'wx' });
      fragments.write(Buffer.from(batch.fragments));
    }
    if (batch.index.length === 0) return;
    if (backlog.length > 0) backlog.push({ events: Buffer.from(batch.events), index: batch.index.slice() });
    else route(batch.events, batch.index, 0);
  };

  /** Once the dates rows waited for are ready, routes the backlog in order (it may stop again). */
  const catchUp = async (): Promise<void> => {
    while (backlog.length > 0) {
      for (const date of needed) await ctx.dedup.prepare(date);
      needed.clear();
      const waiting = backlog;
      backlog = [];
      for (let b = 0; b < waiting.length; b++) {
        route(waiting[b]!.events, waiting[b]!.index, 0);
        if (backlog.length > 0) {
          backlog.push(...waiting.slice(b + 1));
          break;
        }
      }
    }
  };

  const drain = async (): Promise<void> => {
    await events.drain();
    await bad.drain();
    if (fragments?.writableNeedDrain) await once(fragments, 'drain');
  };

  let bytes = 0;
  let lines = 0;
  let reported = 0;
  try {
    ctx.parser.beginFile(log.key, ctx.etlTstampMs);
    const source = await ctx.input.read(log.key);
    const stream = createGunzip({ chunkSize: CHUNK_BYTES });
    source.on('error', (e) => stream.destroy(e)); // pipe() does not forward a source's error
    source.on('data', (c: Buffer) => (bytes += c.length)).pipe(stream);
    const collect = youngGarbageCollector();
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      ctx.parser.push(chunk, sink);
      collect(chunk.length);
      await catchUp();
      await drain();
      if (ctx.onProgress) {
        for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
        if (bytes - reported >= 4 << 20) ctx.onProgress((reported = bytes), lines);
      }
    }
    const counts = ctx.parser.end(sink);
    await catchUp();
    const parts = await events.finish();
    await bad.end();
    if (fragments) {
      const f: WriteStream = fragments;
      await new Promise<void>((ok, fail) => f.end((e?: Error | null) => (e ? fail(e) : ok())));
    }
    ctx.onProgress?.(bytes, counts.lines);
    const badDate = ctx.badDate ?? logFileDate(log.key) ?? (firstDate ? dateText(firstDate) : new Date(ctx.etlTstampMs).toISOString().slice(0, 10));
    const badPart: StagedPart[] = counts.bad > 0 ? [{ key: badKey(badDate, id), path: bad.path, date: badDate, rows: counts.bad }] : [];
    const claims = ids.finish().map((c) => ({ date: dateText(c.date), path: c.path, count: c.count }));
    if (kept !== counts.good - duplicates) throw new Error(`${log.key}: ${kept} rows routed, but the parser counted ${counts.good} good and ${duplicates} were duplicates`);
    return {
      log,
      logId: id,
      bytes,
      counts: { lines: counts.lines, good: kept, bad: counts.bad, discarded: counts.discarded, duplicates, fragments: counts.fragments },
      parts: [...parts, ...badPart],
      claims,
      fragments: fragments ? join(ctx.dir, 'fragments.jsonl') : null,
      maxDate: maxDate ? dateText(maxDate) : null,
      badDate,
    };
  } catch (e) {
    events.destroy();
    bad.destroy();
    (fragments as WriteStream | null)?.destroy();
    throw e;
  }
}
