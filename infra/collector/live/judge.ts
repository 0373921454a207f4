/**
 * Good or bad, decided by the same wasm parser as the ETL (`dist/firn.wasm`), never by a second
 * validator in JS: each logged line is fed to it as a one-line log file (the two header lines,
 * then the line), and whatever it outputs is the verdict. It costs one parse per line, and the
 * collector only asks when someone listens (a stream client, or the test API).
 */
import { LOG_HEADER } from '../../../contract/cloudfront.ts';
import { loadParser } from '../../../wasm/binding/node.ts';
import type { LogParser, ParsedBatch } from '../../../wasm/binding/parser.ts';
import { eventJson, type EventJson } from './event-json.ts';
import type { HitError, Verdict } from './hit.ts';

export interface Judgement {
  readonly verdict: Exclude<Verdict, null>;
  readonly event: EventJson | null;
  readonly errors: readonly HitError[];
}

export type Judge = (line: string) => Judgement;

/** The `source` of the parser's bad rows for live lines. */
const SOURCE = 'firn-collector';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Loads the parser; rejects when `dist/firn.wasm` is not built. */
export async function loadJudge(): Promise<Judge> {
  // Buffers for one line: CloudFront's limits keep a logged line far below 256 KiB.
  const parser = await loadParser({ inputBytes: 1 << 18, eventsBytes: 1 << 18, badBytes: 1 << 18 });
  return (line) => judgeLine(parser, line);
}

function judgeLine(parser: LogParser, line: string): Judgement {
  let row = '';
  let bad = '';
  const sink = (batch: ParsedBatch): void => {
    // Views into wasm memory, valid only during the call: decode copies them.
    if (batch.events.length > 0) row += decoder.decode(batch.events);
    if (batch.bad.length > 0) bad += decoder.decode(batch.bad);
  };
  parser.beginFile(SOURCE); // no etl_tstamp: the line is not processed by an ETL run
  parser.push(encoder.encode(LOG_HEADER + line), sink);
  parser.end(sink);
  if (row !== '') return { verdict: 'good', event: eventJson(row.replace(/\n$/, '')), errors: [] };
  if (bad !== '') return { verdict: 'bad', event: null, errors: (JSON.parse(bad) as { errors: HitError[] }).errors };
  return { verdict: 'discarded', event: null, errors: [] };
}
