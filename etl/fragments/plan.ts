/**
 * What a log's commit does with fragments (docs/protocol.md §4), decided without touching the
 * pool until the commit succeeds (`applyPlan`): each of the log's fragment records joins its set
 * (a repeat of a held index is a duplicate; a count or encoding at odds with the set makes a bad
 * row); every set now complete is reassembled through the parser into one event, deduplicated
 * like any other, or one bad row; sets that can no longer complete expire into bad rows.
 *
 * Expiry is measured in collector dates, not wall time, so re-runs decide the same: a set expires
 * when the lake holds events EXPIRY_DAYS newer than its newest fragment (fragments of one event
 * leave the browser within seconds, so a set still incomplete two days later never completes).
 */
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { badKey, eventsKey } from '../../contract/lake.ts';
import { INDEX_WORDS, IndexField, type LogParser } from '../../wasm/binding/parser.ts';
import { NO_FRAGMENTS, type FragmentCounts } from '../counts.ts';
import { addDays, dateText, laterDate } from '../dates.ts';
import type { IdLookup } from '../dedup/lookup.ts';
import { ID_WORDS, readEventId } from '../ids/eid.ts';
import { IdSet } from '../ids/set.ts';
import { pieceLine } from '../lake/pieces.ts';
import { StagedParts, type StagedPart } from '../stage/parts.ts';
import { MAX_PIECES, type FragmentPool, type PendingSet, type Piece } from './pool.ts';
import { expiredRow, inconsistentRow, oversizeRow, recordDate, type FragmentRecord } from './record.ts';

export const EXPIRY_DAYS = 2;

export interface PlanContext {
  readonly pool: FragmentPool;
  /** Made on first use: most logs complete no set. */
  readonly parser: () => Promise<LogParser>;
  readonly etlTstampMs: number;
  readonly logId: string;
  /** A folder for the parts made here. */
  readonly dir: string;
  /** Fragment records of the log (JSON lines), or null. */
  readonly records: string | null;
  /** Date for a record whose line has none. */
  readonly fallbackDate: string;
  /** Newest collector date in the lake once this log is in. */
  readonly maxDate: string | null;
  /** Every id the lake holds for a date, this log's claim included. */
  readonly lookup: (date: string) => Promise<IdLookup>;
}

export interface FragmentPlan {
  /** Sets touched and still pending, to put in the pool. */
  readonly pending: readonly PendingSet[];
  /** The log's own pieces among them, as `lake/pieces.ts` lines: what its commit stores. */
  readonly pieces: readonly string[];
  readonly completed: readonly string[];
  readonly expired: readonly string[];
  /** Reassembled events and bad rows, staged. */
  readonly parts: readonly StagedPart[];
  /** Ids of the reassembled events kept, per date, as words. */
  readonly ids: ReadonlyMap<string, Uint32Array>;
  readonly counts: FragmentCounts;
  readonly maxDate: string | null;
}

interface Tally {
  lines: number; reassembled: number; expired: number; duplicates: number; invalid: number;
  good: number; bad: number; dupEvents: number; earlierReassembled: number; earlierExpired: number;
}

export async function planFragments(ctx: PlanContext): Promise<FragmentPlan> {
  const { pool } = ctx;
  await mkdir(ctx.dir, { recursive: true });
  const t: Tally = { lines: 0, reassembled: 0, expired: 0, duplicates: 0, invalid: 0, good: 0, bad: 0, dupEvents: 0, earlierReassembled: 0, earlierExpired: 0 };
  const events = new StagedParts(ctx.dir, 'x-events', (date, seg) => eventsKey(date, `${ctx.logId}-x${seg ? `-${seg}` : ''}`));
  const bad = new StagedParts(ctx.dir, 'x-bad', (date, seg) => badKey(date, `${ctx.logId}-x${seg ? `-${seg}` : ''}`));
  const touched = new Map<string, PendingSet>();
  const own = new Set<Piece>();
  let maxDate = ctx.maxDate;

  if (ctx.records) {
    for await (const line of createInterface({ input: createReadStream(ctx.records), crlfDelay: Infinity })) {
      if (line === '') continue;
      const record = JSON.parse(line) as FragmentRecord;
      const date = recordDate(record, ctx.fallbackDate);
      t.lines++;
      let set = touched.get(record.eid);
      if (!set) {
        const held = pool.sets.get(record.eid);
        set = held ? { ...held, pieces: new Map(held.pieces) } : { eid: record.eid, count: record.count, encoding: record.encoding, pieces: new Map(), newest: date };
      }
      if (set.count !== record.count || set.encoding !== record.encoding) {
        t.invalid++;
        bad.write(date, Buffer.from(inconsistentRow(record, set.count, set.encoding)), 1);
        continue;
      }
      if (set.pieces.has(record.index)) {
        t.duplicates++;
        continue;
      }
      const piece = pool.store(line + '\n', record.index, date, true);
      own.add(piece);
      set.pieces.set(record.index, piece);
      if (date > set.newest) set.newest = date;
      maxDate = laterDate(maxDate, date);
      touched.set(record.eid, set);
    }
  }

  const completed: string[] = [];
  const expired: string[] = [];
  const ids = new Map<string, IdSet>();

  const complete = async (set: PendingSet): Promise<void> => {
    const pieces = [...set.pieces.values()].sort((a, b) => a.index - b.index);
    for (const p of pieces) p.thisRun ? t.reassembled++ : t.earlierReassembled++;
    const records = pieces.map((p) => pool.read(p));
    const first = records[0]!;
    const data = records.map((r) => r.data).join('');
    const rows: { bytes: Buffer; index: Uint32Array }[] = [];
    const badRows: Buffer[] = [];
    const parser = await ctx.parser();
    try {
      parser.reassemble(first, data, (batch) => {
        if (batch.index.length > 0) rows.push({ bytes: Buffer.from(batch.events), index: batch.index.slice() });
        if (batch.bad.length > 0) badRows.push(Buffer.from(batch.bad));
      }, ctx.etlTstampMs);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      badRows.push(Buffer.from(oversizeRow(first, Buffer.byteLength(data), parser.fragmentDataCapacity)));
    }
    for (const b of badRows) {
      bad.write(pieces[0]!.date, b, 1);
      t.bad++;
    }
    const id = new Uint32Array(ID_WORDS);
    for (const { bytes, index } of rows) {
      for (let i = 0; i < index.length; i += INDEX_WORDS) {
        const date = dateText(index[i + IndexField.date]!);
        const offset = index[i + IndexField.offset]!;
        const row = bytes.subarray(offset, offset + index[i + IndexField.length]!);
        let kept = ids.get(date);
        if (!kept) ids.set(date, (kept = new IdSet(Number.MAX_SAFE_INTEGER)));
        const readable = readEventId(bytes, offset + index[i + IndexField.eventId]!, id);
        if (readable && (kept.has(id, 0) || (await ctx.lookup(date)).has(id, 0))) {
          t.dupEvents++;
          continue;
        }
        if (readable) kept.add(id, 0);
        events.write(date, row, 1);
        maxDate = laterDate(maxDate, date);
        t.good++;
      }
    }
    completed.push(set.eid);
  };

  const expire = (set: PendingSet): void => {
    const have = [...set.pieces.keys()];
    for (const p of set.pieces.values()) {
      p.thisRun ? t.expired++ : t.earlierExpired++;
      bad.write(p.date, Buffer.from(expiredRow(pool.read(p), have, EXPIRY_DAYS)), 1);
    }
    expired.push(set.eid);
  };

  for (const set of touched.values()) if (set.pieces.size === set.count) await complete(set);
  const done = new Set(completed);

  // Expiry: every set of the pool (as this commit leaves it) whose newest piece is too old.
  const live = new Map(pool.sets);
  for (const [eid, set] of touched) if (done.has(eid)) live.delete(eid);
  else live.set(eid, set);
  if (maxDate !== null) {
    const before = addDays(maxDate, -EXPIRY_DAYS);
    for (const set of live.values()) if (set.newest < before) expire(set);
  }
  for (const eid of expired) live.delete(eid);
  // Too many pieces held: the sets with the oldest newest piece go first.
  let held = [...live.values()].reduce((n, s) => n + s.pieces.size, 0);
  if (held > MAX_PIECES) {
    for (const set of [...live.values()].sort((a, b) => (a.newest < b.newest ? -1 : a.newest > b.newest ? 1 : a.eid < b.eid ? -1 : 1))) {
      if (held <= MAX_PIECES) break;
      held -= set.pieces.size;
      expire(set);
      live.delete(set.eid);
    }
  }

  const gone = new Set([...completed, ...expired]);
  const pending = [...touched.values()].filter((s) => !gone.has(s.eid));
  const pieces: string[] = [];
  let pendingOwn = 0;
  for (const set of pending) for (const p of set.pieces.values()) if (own.has(p)) {
    pieces.push(pieceLine(p.date, pool.readLine(p)));
    pendingOwn++;
  }
  const parts = [...(await events.finish()), ...(await bad.finish())];
  return {
    pending,
    pieces,
    completed,
    expired,
    parts,
    ids: new Map([...ids].map(([date, set]) => [date, set.sorted()])),
    counts: {
      ...NO_FRAGMENTS,
      lines: t.lines,
      reassembled: t.reassembled,
      pending: pendingOwn,
      expired: t.expired,
      duplicates: t.duplicates,
      invalid: t.invalid,
      events: { good: t.good, bad: t.bad, duplicates: t.dupEvents },
      earlier: { reassembled: t.earlierReassembled, expired: t.earlierExpired },
    },
    maxDate,
  };
}

/** After the commit: the pool as the plan left it. */
export function applyPlan(pool: FragmentPool, plan: FragmentPlan): void {
  for (const eid of plan.completed) pool.delete(eid);
  for (const eid of plan.expired) pool.delete(eid);
  for (const set of plan.pending) pool.set(set);
}
