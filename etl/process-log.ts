/**
 * One raw log object → its event and bad-row parts. Streaming: gunzip → wasm parser in chunks;
 * rows are routed to a part per collector date as they come out.
 */
import { createGunzip } from 'node:zlib';
import { badKey, eventsKey } from '../contract/lake.ts';
import type { Bucket, ObjectInfo } from '../node/bucket/index.ts';
import { INDEX_WORDS, IndexField, type LogParser, type ParsedBatch } from '../wasm/binding/parser.ts';
import { GzipParts } from './parts.ts';
import { logId, type LineTotals } from './manifest.ts';

export interface LogResult extends LineTotals {
  /** Committed part keys. */
  readonly parts: readonly string[];
  /** Compressed bytes read. */
  readonly bytes: number;
}

/** `YYYYMMDD` → `YYYY-MM-DD`. */
const dateText = (ymd: number): string => `${String(Math.trunc(ymd / 10000)).padStart(4, '0')}-${String(Math.trunc(ymd / 100) % 100).padStart(2, '0')}-${String(ymd % 100).padStart(2, '0')}`;

/** The hour CloudFront put in the file name (`<DIST>.YYYY-MM-DD-HH.<id>.gz`): where bad rows of the file are filed. */
function fileDate(key: string, fallback: string): string {
  return /\.(\d{4}-\d{2}-\d{2})-\d{2}\.[^/.]+\.gz$/.exec(key)?.[1] ?? fallback;
}

export async function processLog(log: ObjectInfo, input: Bucket, output: Bucket, parser: LogParser, etlTstampMs: number): Promise<LogResult> {
  const events = new GzipParts();
  const bad = new GzipParts();
  const badDate = fileDate(log.key, new Date(etlTstampMs).toISOString().slice(0, 10));
  const sink = (batch: ParsedBatch): void => {
    // rows of one date are contiguous runs: one copy per run, not per row
    const { index } = batch;
    let runStart = 0;
    while (runStart < index.length) {
      const date = index[runStart + IndexField.date]!;
      let runEnd = runStart + INDEX_WORDS;
      while (runEnd < index.length && index[runEnd + IndexField.date] === date) runEnd += INDEX_WORDS;
      const from = index[runStart + IndexField.offset]!;
      const last = runEnd - INDEX_WORDS;
      const to = index[last + IndexField.offset]! + index[last + IndexField.length]!;
      events.write(dateText(date), batch.events.subarray(from, to));
      runStart = runEnd;
    }
    if (batch.bad.length > 0) bad.write(badDate, batch.bad);
  };

  parser.beginFile(log.key, etlTstampMs);
  let bytes = 0;
  const stream = (await input.read(log.key)).on('data', (c: Buffer) => (bytes += c.length)).pipe(createGunzip());
  for await (const chunk of stream as AsyncIterable<Buffer>) parser.push(chunk, sink);
  const counts = parser.end(sink);

  const id = logId(log.key);
  const parts: string[] = [];
  for (const [date, gz] of await events.finish()) {
    const key = eventsKey(date, id);
    await output.write(key, gz);
    parts.push(key);
  }
  for (const [date, gz] of await bad.finish()) {
    const key = badKey(date, id);
    await output.write(key, gz);
    parts.push(key);
  }
  return { ...counts, parts: parts.sort(), bytes };
}
