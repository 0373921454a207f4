/**
 * The lake as the commit log describes it, rebuilt at the start of every run (and Lambda
 * invocation): the newest checkpoint, then every commit after it, in order. It knows each date's
 * stored id files (for deduplication), the pending fragments, the newest collector date, and
 * which logs are committed; `incomplete` are commits whose log was not fully published (the
 * process died between its commit record and its manifest entry).
 */
import type { Bucket } from '../../node/bucket/index.ts';
import { laterDate } from '../dates.ts';
import type { StoredIds } from '../dedup/snapshot.ts';
import { FragmentPool } from '../fragments/pool.ts';
import { commitsAfter, type CommitRecord } from './commits.ts';
import { CHECKPOINT_PREFIX, LATEST_CHECKPOINT_KEY, checkpointKey } from './keys.ts';
import { loadPieces } from './pieces.ts';

export interface Checkpoint {
  readonly seq: number;
  /** Per date, the id files holding every id committed up to `seq`. */
  readonly dates: Readonly<Record<string, readonly StoredIds[]>>;
  /** Pending fragments as of `seq`. */
  readonly pool: string | null;
  readonly maxDate: string | null;
}

const EMPTY: Checkpoint = { seq: 0, dates: {}, pool: null, maxDate: null };

export class LakeState {
  seq: number;
  maxDate: string | null;
  private readonly dates = new Map<string, StoredIds[]>();
  /** Commits replayed since the checkpoint, by log id. */
  readonly committed = new Map<string, CommitRecord>();

  private constructor(
    readonly checkpoint: Checkpoint,
    readonly pool: FragmentPool,
  ) {
    this.seq = checkpoint.seq;
    this.maxDate = checkpoint.maxDate;
    for (const [date, files] of Object.entries(checkpoint.dates)) this.dates.set(date, [...files]);
  }

  /** Reads the newest checkpoint and replays the log after it. `dir` holds the fragment spool. */
  static async load(output: Bucket, dir: string): Promise<LakeState> {
    const seq = await latestCheckpoint(output);
    const bytes = seq > 0 ? await output.readBytes(checkpointKey(seq)) : null;
    const checkpoint = bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as Checkpoint) : EMPTY;
    const state = new LakeState(checkpoint, new FragmentPool(dir));
    if (checkpoint.pool) await loadPieces(output, checkpoint.pool, state.pool);
    await state.catchUp(output);
    return state;
  }

  /** Applies every commit made since this state was read (by anyone); returns them. */
  async catchUp(output: Bucket): Promise<CommitRecord[]> {
    const applied: CommitRecord[] = [];
    for await (const record of commitsAfter(output, this.seq)) {
      this.record(record);
      for (const eid of [...record.fragments.completed, ...record.fragments.expired]) this.pool.delete(eid);
      if (record.fragments.key) await loadPieces(output, record.fragments.key, this.pool);
      applied.push(record);
    }
    return applied;
  }

  /** Takes in a commit's ids, date and log (its fragments are applied by the caller). */
  record(record: CommitRecord): void {
    if (record.seq !== this.seq + 1) throw new Error(`commit ${record.seq} applied after ${this.seq}: the commit log has a gap`);
    this.seq = record.seq;
    for (const claim of record.claims) {
      let files = this.dates.get(claim.date);
      if (!files) this.dates.set(claim.date, (files = []));
      files.push({ key: claim.key, count: claim.count });
    }
    this.maxDate = laterDate(this.maxDate, record.maxDate);
    this.committed.set(record.logId, record);
  }

  stored(date: string): readonly StoredIds[] {
    return this.dates.get(date) ?? [];
  }

  allDates(): ReadonlyMap<string, readonly StoredIds[]> {
    return this.dates;
  }

  replaceStored(date: string, files: readonly StoredIds[]): void {
    this.dates.set(date, [...files]);
  }
}

/**
 * The newest checkpoint's sequence number (0: none): the hint `_checkpoints/latest.json` (it may
 * lag behind, never lead: a checkpoint is created before the hint names it), listed without it.
 */
async function latestCheckpoint(output: Bucket): Promise<number> {
  const hint = await output.readBytes(LATEST_CHECKPOINT_KEY);
  if (hint) return (JSON.parse(Buffer.from(hint).toString('utf8')) as { seq: number }).seq;
  let seq = 0;
  for await (const o of output.list(CHECKPOINT_PREFIX)) {
    const m = /^_checkpoints\/(\d{10})\.json$/.exec(o.key);
    if (m) seq = Math.max(seq, Number(m[1]));
  }
  return seq;
}
