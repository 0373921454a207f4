/**
 * Committing one staged log, in the order logs are committed (`run.ts`):
 *
 * 1. catch up with commits made by others since the last look, and stop if one of them is this log;
 * 2. reconcile: drop rows whose ids were committed after the snapshot this log was read against;
 * 3. plan fragments: join pending sets, reassemble complete ones, expire stale ones;
 * 4. store the claims (ids kept per date), pending pieces and commit-time parts under attempt names;
 * 5. create the commit record at the next sequence number; if someone took it, go back to 1;
 * 6. publish the parts (rename into place on a folder, a PUT on S3), then the manifest entry.
 *
 * A crash before 5 leaves only unreferenced objects: the log is processed again next run. A crash
 * after 5 leaves a commit without manifest entry, which the next run publishes (`recover.ts`).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Bucket } from '../node/bucket/index.ts';
import type { Logger } from '../node/logger.ts';
import type { LogParser } from '../wasm/binding/parser.ts';
import type { FragmentCounts, LineCounts } from './counts.ts';
import { laterDate } from './dates.ts';
import type { IdLookup } from './dedup/lookup.ts';
import type { RecentIds } from './dedup/recent.ts';
import type { Snapshot } from './dedup/snapshot.ts';
import { applyPlan, planFragments, type FragmentPlan } from './fragments/plan.ts';
import { IdFile, writeIdFile } from './ids/file.ts';
import { mergeIdFiles } from './ids/merge.ts';
import { IdSet } from './ids/set.ts';
import { ID_WORDS } from './ids/eid.ts';
import { createCommit, type CommitRecord } from './lake/commits.ts';
import { claimKey, piecesKey, stagedKey } from './lake/keys.ts';
import { piecesFile } from './lake/pieces.ts';
import type { LakeState } from './lake/state.ts';
import { writeEntry } from './manifest.ts';
import type { StagedClaim, StagedLog } from './process-log.ts';
import { dropRows } from './reconcile.ts';
import type { StagedPart } from './stage/parts.ts';
import { readStaged } from './stage/read.ts';

export interface CommitContext {
  readonly output: Bucket;
  readonly state: LakeState;
  readonly snapshot: Snapshot;
  readonly recent: RecentIds;
  /** The coordinator's own parser, for reassembly (made on first use). */
  readonly parser: () => Promise<LogParser>;
  readonly etlTstampMs: number;
  readonly dryRun: boolean;
  readonly logger: Logger;
}

export interface Committed {
  readonly seq: number;
  readonly counts: LineCounts & { readonly fragments: FragmentCounts };
  readonly parts: readonly string[];
}

/** Commits and publishes `staged`; null when someone else committed the same log first. */
export async function commitLog(staged: StagedLog, ctx: CommitContext, dir: string): Promise<Committed | null> {
  const { output, state } = ctx;
  const parts = staged.parts.map((p) => ({ ...p }));
  /** Ids kept from the log's own rows; the reassembled events' are added per attempt. */
  const own: StagedClaim[] = staged.claims.map((c) => ({ ...c }));
  let good = staged.counts.good;
  let duplicates = staged.counts.duplicates;

  for (let attempt = 0; ; attempt++) {
    if (!ctx.dryRun) for (const record of await state.catchUp(output)) await takeInClaims(record, ctx, dir);
    if (state.committed.has(staged.logId)) return null;

    // 2. rows of ids committed since the snapshot
    for (const claim of own) {
      const conflicts = ctx.recent.conflicts(claim.date, claim.path);
      const n = conflicts.length / ID_WORDS;
      if (n === 0) continue;
      const drop = new IdSet(n);
      for (let i = 0; i < n; i++) drop.add(conflicts, i * ID_WORDS);
      for (const part of parts) if (part.date === claim.date && part.key.startsWith('events/')) (part as { rows: number }).rows -= await dropRows(part.path, drop);
      const path = claim.path + '.r';
      (claim as { count: number }).count = mergeIdFiles([claim.path], path, { drop: (id, o) => drop.has(id, o) });
      await rename(path, claim.path);
      good -= n;
      duplicates += n;
    }

    // 3. fragments, checked against every id committed so far and this log's own
    const claimFiles = new Map(own.map((c) => [c.date, IdFile.open(c.path)]));
    const attemptDir = join(dir, `attempt-${attempt}`);
    let plan: FragmentPlan;
    try {
      plan = await planFragments({
        pool: state.pool,
        parser: ctx.parser,
        etlTstampMs: ctx.etlTstampMs,
        logId: staged.logId,
        dir: attemptDir,
        records: staged.fragments,
        fallbackDate: staged.badDate,
        maxDate: laterDate(state.maxDate, staged.maxDate),
        lookup: async (date) => anyOf([await ctx.snapshot.prepare(date), ctx.recent.lookup(date), claimFiles.get(date)]),
      });
    } finally {
      for (const f of claimFiles.values()) f.close();
    }
    const claims = mergeClaims(own, plan.ids, attemptDir);

    // 4. the record and what it refers to
    const attemptId = randomBytes(6).toString('hex');
    const xParts = plan.parts.map((p) => ({ ...p, staged: stagedKey(staged.logId, attemptId, p.key.replaceAll('/', '_')) }));
    const record: CommitRecord = {
      seq: state.seq + 1,
      logId: staged.logId,
      log: { key: staged.log.key, size: staged.log.size, version: staged.log.version },
      attempt: attemptId,
      parts: [...parts.filter((p) => p.rows > 0).map((p) => ({ key: p.key, rows: p.rows })), ...xParts.map((p) => ({ key: p.key, rows: p.rows, staged: p.staged }))],
      claims: claims.filter((c) => c.count > 0).map((c) => ({ date: c.date, key: claimKey(c.date, staged.logId, attemptId), count: c.count })),
      fragments: { key: plan.pieces.length > 0 ? piecesKey(staged.logId, attemptId) : null, completed: plan.completed, expired: plan.expired },
      badDate: staged.badDate,
      counts: { lines: staged.counts.lines, good, bad: staged.counts.bad, discarded: staged.counts.discarded, duplicates, fragments: plan.counts },
      maxDate: laterDate(staged.maxDate, plan.maxDate),
      committedAt: new Date(ctx.etlTstampMs).toISOString(),
    };
    if (!ctx.dryRun) {
      for (const c of claims) if (c.count > 0) await output.write(claimKey(c.date, staged.logId, attemptId), readStaged(c.path));
      if (record.fragments.key) await output.write(record.fragments.key, piecesFile(plan.pieces));
      for (const p of xParts) await output.write(p.staged, readStaged(p.path));
      // 5. the commit point
      if (!(await createCommit(output, record))) {
        ctx.logger.debug?.(`${staged.log.key}: sequence number ${record.seq} was taken meanwhile; catching up and trying again`);
        continue;
      }
    }

    state.record(record);
    applyPlan(state.pool, plan);
    for (const c of claims) if (c.count > 0) ctx.recent.add(c.date, c.path);

    // 6. publish
    const published = [...parts.filter((p) => p.rows > 0), ...plan.parts];
    if (!ctx.dryRun) {
      for (const p of published) await output.write(p.key, readStaged(p.path));
      await writeEntry(output, {
        key: record.log.key, size: record.log.size, version: record.log.version, seq: record.seq,
        parts: record.parts.map((p) => p.key), ...record.counts, processedAt: record.committedAt,
      });
    }
    return { seq: record.seq, counts: record.counts, parts: published.map((p) => p.key) };
  }
}

/** A commit by someone else: its claims join the ids committed since the snapshot. */
async function takeInClaims(record: CommitRecord, ctx: CommitContext, dir: string): Promise<void> {
  for (const claim of record.claims) {
    const path = join(dir, `theirs-${record.seq}-${claim.date}.ids`);
    await pipeline(await ctx.output.read(claim.key), createWriteStream(path));
    ctx.recent.add(claim.date, path);
  }
}

function anyOf(lookups: readonly (IdLookup | undefined)[]): IdLookup {
  const present = lookups.filter((l): l is IdLookup => l !== undefined);
  return { has: (id, o) => present.some((l) => l.has(id, o)) };
}

/** Claims with the reassembled events' ids merged in. */
function mergeClaims(claims: readonly StagedClaim[], extra: ReadonlyMap<string, Uint32Array>, dir: string): StagedClaim[] {
  const out = claims.map((c) => ({ ...c }));
  for (const [date, words] of extra) {
    const n = words.length / ID_WORDS;
    if (n === 0) continue;
    const path = join(dir, `extra-${date}.ids`);
    writeIdFile(path, words, n);
    const claim = out.find((c) => c.date === date);
    if (!claim) {
      out.push({ date, path, count: n });
      continue;
    }
    const merged = join(dir, `claim-${date}.ids`);
    claim.count = mergeIdFiles([claim.path, path], merged);
    claim.path = merged;
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

export type { StagedPart };
