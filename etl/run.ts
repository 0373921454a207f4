/**
 * An ETL run: every raw log not yet in the lake → staged output (worker threads, in parallel)
 * → committed one at a time in key order → published. Logs already committed are skipped; a
 * commit whose publishing was cut short is finished first. A log that fails (corrupt gzip,
 * unreadable) is reported and stays uncommitted, so the next run retries it; the others are
 * committed regardless. At the end: a checkpoint, `_index.json` and `events/_schema.json`.
 *
 * Everything in flight lives in a private local folder (removed at the end): staged parts, id
 * files, the fragment spool. The design is in etl/README.md.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Bucket, ObjectInfo, OpenBucketOptions } from '../node/bucket/index.ts';
import type { Logger } from '../node/logger.ts';
import { loadParser } from '../wasm/binding/node.ts';
import type { EnrichmentConfig, LogParser } from '../wasm/binding/parser.ts';
import { INDEX_KEY } from '../contract/lake.ts';
import { commitLog } from './commit.ts';
import { NO_FRAGMENTS, NO_LINES, addFragments, addLines, type FragmentCounts, type LineCounts } from './counts.ts';
import { RecentIds } from './dedup/recent.ts';
import { Snapshot, type StoredIds } from './dedup/snapshot.ts';
import { CHECKPOINT_EVERY, writeCheckpoint } from './lake/checkpoint.ts';
import { LakeState } from './lake/state.ts';
import { writeLakeFiles } from './lake-files.ts';
import { logId, processedLogIds } from './manifest.ts';
import { manifestKey } from './lake/keys.ts';
import type { StagedLog } from './process-log.ts';
import { collectLogGarbage } from './memory.ts';
import { makeWorkFolder, removeLeftovers, removeWorkFolder } from './leftovers.ts';
import { LOG_PARSER_BUFFERS, REASSEMBLY_PARSER_BUFFERS } from './parser-buffers.ts';
import { recoverLog } from './recover.ts';
import { inRange, isLogObject, type DateRange } from './select.ts';
import type { EtlSummary } from './summary.ts';
import { inProcessRunner } from './workers/in-process.ts';
import { workerPool } from './workers/pool.ts';
import type { LogRunner } from './workers/runner.ts';

export type { EtlSummary } from './summary.ts';

export interface EtlProgress {
  readonly files: number;
  readonly totalFiles: number;
  readonly lines: number;
  /** Compressed bytes read, and to read. */
  readonly bytes: number;
  readonly totalBytes: number;
  readonly seconds: number;
}

export interface EtlConfig extends DateRange {
  readonly input: Bucket;
  readonly output: Bucket;
  readonly logger: Logger;
  /** How worker threads open the input again (its URL is `input.url`); must be serializable. */
  readonly inputOptions?: OpenBucketOptions;
  /** etl_tstamp of every event of the run (default: now). */
  readonly etlTstampMs?: number;
  /** Worker threads; 1 (the default here) processes logs on the calling thread. */
  readonly workers?: number;
  readonly enrichments?: EnrichmentConfig;
  /** Only these input objects (Lambda: the object of the S3 event), instead of listing the input. */
  readonly logs?: readonly ObjectInfo[];
  /** Read, parse and count everything; write nothing. */
  readonly dryRun?: boolean;
  /** `end`: a checkpoint and the lake files at the end of every run that committed something; `periodic`: only every CHECKPOINT_EVERY commits (Lambda). */
  readonly checkpoint?: 'end' | 'periodic';
  readonly onProgress?: (progress: EtlProgress) => void;
  /**
   * The temp folder is this process's alone (Lambda's /tmp): work folders that killed runs left
   * there are removed whatever their age, not only once an hour old (leftovers.ts).
   */
  readonly privateTempFolder?: boolean;
}

/** Logs committed ahead of the oldest one still being processed: bounds the staged output on disk. */
const LOOKAHEAD_PER_WORKER = 4;

export async function runEtl(config: EtlConfig): Promise<EtlSummary> {
  const started = performance.now();
  const { input, output, logger } = config;
  const etlTstampMs = config.etlTstampMs ?? Date.now();
  const dryRun = config.dryRun ?? false;
  const work = await makeWorkFolder();
  let lines: LineCounts = NO_LINES;
  let fragments: FragmentCounts = NO_FRAGMENTS;
  let files = 0, recovered = 0, bytes = 0, unpublished = 0;
  const failed: { key: string; error: string }[] = [];
  const parts: string[] = [];
  let runner: LogRunner | undefined;
  let state: LakeState | undefined;
  const recent = new RecentIds(await mkdirIn(work, 'recent'));
  try {
    if (!dryRun) {
      try {
        const removed = await removeLeftovers(output, config.privateTempFolder);
        if (removed > 0) logger.info(`removed ${removed} leftover file${removed === 1 ? '' : 's'} of runs killed earlier (temporary files, staged work)`);
      } catch (e) {
        logger.warn(`could not remove what runs killed earlier left behind (the run goes on): ${(e as Error).message}`);
      }
    }
    state = await LakeState.load(output, await mkdirIn(work, 'state'));
    // Which logs have a manifest entry: one listing for a whole input, a read per log for a few (Lambda).
    const listed = config.logs ? null : await processedLogIds(output);
    const published = async (id: string): Promise<boolean> => listed?.has(id) ?? (await output.readBytes(manifestKey(id))) !== null;
    const incomplete = [];
    for (const record of state.committed.values()) if (!(await published(record.logId))) incomplete.push(record);

    const selected: ObjectInfo[] = [];
    let skipped = 0, outOfRange = 0;
    for await (const log of config.logs ?? input.list()) {
      if (!isLogObject(log.key)) continue;
      const id = logId(log.key);
      if (!inRange(log, config)) outOfRange++;
      else if (state.committed.has(id) || (await published(id))) skipped++;
      else selected.push(log);
    }

    const workers = Math.max(1, Math.min(config.workers ?? 1, selected.length));
    const enrichments = config.enrichments ?? {};
    // On the main thread, one parser does everything; with worker threads the coordinator's only
    // reassembles fragment sets, and is made the first time one completes.
    let coordinator: Promise<LogParser> | undefined;
    const parser = (): Promise<LogParser> => (coordinator ??= loadParser({ ...(workers > 1 ? REASSEMBLY_PARSER_BUFFERS : LOG_PARSER_BUFFERS), enrichments }));
    // The snapshot is the lake as the run found it (copied: commits append to the state's lists).
    const frozen = new Map<string, readonly StoredIds[]>([...state.allDates()].map(([date, files]) => [date, [...files]]));
    const snapshot = new Snapshot(output, await mkdirIn(work, 'snapshot'), (date) => frozen.get(date) ?? []);
    const ctx = { output, state, snapshot, recent, parser, etlTstampMs, dryRun, logger };

    // Commits whose publishing a crash cut short, first: their rows are already claimed.
    for (const record of dryRun ? [] : incomplete) {
      try {
        bytes += await recoverLog(record, { input, output, parser: await parser(), etlTstampMs }, await mkdirIn(work, `recover-${record.seq}`));
        recovered++;
        logger.debug?.(`${record.log.key}: commit ${record.seq} published after a crash`);
      } catch (e) {
        unpublished++;
        fail(failed, logger, record.log.key, e, 'its commit stays unpublished; the next run tries again');
      }
    }

    runner = workers > 1
      ? await workerPool(workers, { input: { url: input.url, options: config.inputOptions ?? {} }, etlTstampMs, enrichments: config.enrichments ?? {} }, snapshot)
      : inProcessRunner(await parser(), input, snapshot, etlTstampMs);

    // Progress: bytes of finished logs plus what each log in flight has read.
    const totalBytes = selected.reduce((n, l) => n + l.size, 0);
    const reading = new Map<number, { bytes: number; lines: number }>();
    let doneBytes = 0, doneLines = 0, doneFiles = 0;
    const report = (): void =>
      config.onProgress?.({
        files: doneFiles, totalFiles: selected.length,
        bytes: doneBytes + [...reading.values()].reduce((n, r) => n + r.bytes, 0), totalBytes,
        lines: doneLines + [...reading.values()].reduce((n, r) => n + r.lines, 0),
        seconds: (performance.now() - started) / 1000,
      });

    const stage = (i: number): Promise<StagedLog> =>
      runner!.process(selected[i]!, join(work, `log-${i}`), config.onProgress ? (b, l) => {
        reading.set(i, { bytes: b, lines: l });
        report();
      } : undefined);
    const lookahead = runner.sequential ? 1 : workers * LOOKAHEAD_PER_WORKER;
    const inFlight = new Map<number, Promise<StagedLog>>();
    let dispatched = 0;
    for (let i = 0; i < selected.length; i++) {
      while (dispatched < selected.length && dispatched < i + lookahead) {
        const p = stage(dispatched);
        p.catch(() => undefined); // awaited in order below
        inFlight.set(dispatched++, p);
      }
      const log = selected[i]!;
      let staged: StagedLog;
      try {
        staged = await inFlight.get(i)!;
      } catch (e) {
        fail(failed, logger, log.key, e, 'it stays unprocessed and is retried next run');
        doneFiles++;
        doneBytes += log.size;
        continue;
      } finally {
        inFlight.delete(i);
        reading.delete(i);
      }
      const before = state.seq;
      try {
        const committed = await commitLog(staged, ctx, join(work, `log-${i}`));
        if (committed) {
          files++;
          lines = addLines(lines, committed.counts);
          fragments = addFragments(fragments, committed.counts.fragments);
          parts.push(...committed.parts);
          logger.debug?.(`${log.key}: commit ${committed.seq}: ${committed.counts.lines} lines, ${committed.counts.good} good, ${committed.counts.duplicates} duplicates`);
        } else {
          skipped++;
          logger.debug?.(`${log.key}: committed by someone else meanwhile`);
        }
        bytes += staged.bytes;
      } catch (e) {
        if (state.seq > before) unpublished++; // committed, not published: a checkpoint would hide it
        fail(failed, logger, log.key, e, state.seq > before ? 'it is committed; the next run publishes it' : 'it stays unprocessed and is retried next run');
      } finally {
        await rm(join(work, `log-${i}`), { recursive: true, force: true });
        collectLogGarbage();
      }
      doneFiles++;
      doneBytes += log.size;
      doneLines += staged.counts.lines;
      report();
    }

    fragments = { ...fragments, pending: state.pool.pendingThisRun() };
    if (!dryRun) {
      const mode = config.checkpoint ?? 'end';
      const due = mode === 'end' ? state.seq > state.checkpoint.seq : state.seq - state.checkpoint.seq >= CHECKPOINT_EVERY;
      if (due && unpublished === 0) await checkpoint(output, state, work, logger);
      if (mode === 'end' ? files > 0 || recovered > 0 || !(await output.readBytes(INDEX_KEY)) : due) await writeLakeFiles(output);
    }
    return {
      files, skipped, outOfRange, recovered, failed, ...lines, fragments, bytes,
      seconds: (performance.now() - started) / 1000, parts, dryRun,
    };
  } finally {
    await runner?.close();
    recent.close();
    state?.pool.close();
    await removeWorkFolder(work);
  }
}

async function checkpoint(output: Bucket, state: LakeState, work: string, logger: Logger): Promise<void> {
  // Only when every commit since the last checkpoint is published (by us or by anyone).
  for (const record of state.committed.values()) if (!(await output.readBytes(manifestKey(record.logId)))) return;
  const seq = await writeCheckpoint(output, state, await mkdirIn(work, 'checkpoint'));
  if (seq) logger.debug?.(`checkpoint at commit ${seq}`);
}

async function mkdirIn(parent: string, name: string): Promise<string> {
  const dir = join(parent, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

function fail(failed: { key: string; error: string }[], logger: Logger, key: string, e: unknown, consequence: string): void {
  const error = e instanceof Error ? e.message : String(e);
  failed.push({ key, error });
  logger.error(`when processing ${key} (${consequence})`, e);
}
