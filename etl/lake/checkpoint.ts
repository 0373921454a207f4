/**
 * Checkpoints keep the start of every run short: the state as of a commit, so a run replays
 * only the commits after it. Written at the end of a CLI run, and by Lambda every
 * CHECKPOINT_EVERY commits. A date's id files are merged into one (`base-<seq>.ids`) once they
 * are more than COMPACT_AT, so looking a date up stays a few reads whatever its history.
 *
 * Only a state whose commits are all published is checkpointed (the caller checks): commits
 * after the checkpoint are where a run looks for a commit whose publishing was cut short.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Bucket } from '../../node/bucket/index.ts';
import { mergeIdFiles } from '../ids/merge.ts';
import type { StoredIds } from '../dedup/snapshot.ts';
import { LATEST_CHECKPOINT_KEY, baseKey, checkpointKey, poolKey } from './keys.ts';
import { poolFile } from './pieces.ts';
import { readStaged } from '../stage/read.ts';
import type { Checkpoint, LakeState } from './state.ts';

export const COMPACT_AT = 8;
export const CHECKPOINT_EVERY = 32;

/** Writes a checkpoint of `state` (nothing when it has no commit since the last); its seq or null. */
export async function writeCheckpoint(output: Bucket, state: LakeState, dir: string): Promise<number | null> {
  const seq = state.seq;
  if (seq === state.checkpoint.seq) return null;
  const dates: Record<string, readonly StoredIds[]> = {};
  let n = 0;
  for (const [date, files] of state.allDates()) {
    if (files.length <= COMPACT_AT) {
      dates[date] = files;
      continue;
    }
    const paths: string[] = [];
    for (const f of files) {
      const path = join(dir, `compact-${n++}.ids`);
      await pipeline(await output.read(f.key), createWriteStream(path));
      paths.push(path);
    }
    const merged = join(dir, `compact-${n++}.ids`);
    const count = mergeIdFiles(paths, merged);
    const key = baseKey(date, seq);
    await output.write(key, readStaged(merged));
    dates[date] = [{ key, count }];
    state.replaceStored(date, dates[date]);
  }
  let pool: string | null = null;
  if (state.pool.pieces > 0) {
    pool = poolKey(seq);
    await output.write(pool, poolFile(state.pool));
  }
  const checkpoint: Checkpoint = { seq, dates, pool, maxDate: state.maxDate };
  await output.create(checkpointKey(seq), Buffer.from(JSON.stringify(checkpoint) + '\n')); // false: someone wrote the same state
  // A concurrent older checkpoint may overwrite this hint with its own: then runs replay a little more.
  await output.write(LATEST_CHECKPOINT_KEY, Buffer.from(JSON.stringify({ seq }) + '\n'));
  return seq;
}
