/**
 * An ETL run: every raw log not yet in the output's manifest → parts, then its manifest entry.
 * Raw logs are only read. A log that fails (corrupt gzip, unreadable) is reported and left
 * without an entry, so the next run retries it; the others are committed regardless.
 */
import { performance } from 'node:perf_hooks';
import type { Bucket } from '../node/bucket/index.ts';
import type { Logger } from '../node/logger.ts';
import { loadParser } from '../wasm/binding/node.ts';
import { commitEntry, isProcessed } from './manifest.ts';
import { processLog } from './process-log.ts';
import { writeLakeFiles } from './lake-files.ts';

export interface EtlConfig {
  readonly input: Bucket;
  readonly output: Bucket;
  readonly logger: Logger;
  /** etl_tstamp of every event of the run (default: now). */
  readonly etlTstampMs?: number;
}

export interface EtlSummary {
  /** Log objects processed in this run. */
  readonly files: number;
  /** Log objects skipped because the manifest already has them. */
  readonly skipped: number;
  readonly failed: readonly { readonly key: string; readonly error: string }[];
  readonly lines: number;
  readonly good: number;
  readonly bad: number;
  readonly discarded: number;
  /** Compressed input bytes read. */
  readonly bytes: number;
  readonly seconds: number;
  /** Parts written in this run. */
  readonly parts: readonly string[];
}

/** Raw CloudFront log objects: gzip files (anything else in the input is not ours to read). */
const isLogObject = (key: string): boolean => key.endsWith('.gz');

export async function runEtl(config: EtlConfig): Promise<EtlSummary> {
  const start = performance.now();
  const etlTstampMs = config.etlTstampMs ?? Date.now();
  const parser = await loadParser();
  let files = 0, skipped = 0, lines = 0, good = 0, bad = 0, discarded = 0, bytes = 0;
  const failed: { key: string; error: string }[] = [];
  const parts: string[] = [];
  for await (const log of config.input.list()) {
    if (!isLogObject(log.key)) continue;
    if (await isProcessed(config.output, log)) {
      skipped++;
      continue;
    }
    try {
      const result = await processLog(log, config.input, config.output, parser, etlTstampMs);
      await commitEntry(config.output, {
        key: log.key, size: log.size, version: log.version, parts: result.parts,
        lines: result.lines, good: result.good, bad: result.bad, discarded: result.discarded,
        processedAt: new Date(etlTstampMs).toISOString(),
      });
      files++;
      lines += result.lines;
      good += result.good;
      bad += result.bad;
      discarded += result.discarded;
      bytes += result.bytes;
      parts.push(...result.parts);
      config.logger.debug?.(`${log.key}: ${result.lines} lines, ${result.good} good, ${result.bad} bad, ${result.discarded} discarded`);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      failed.push({ key: log.key, error });
      config.logger.error(`when processing ${log.key} (it stays unprocessed and is retried next run)`, e);
    }
  }
  if (files > 0 || !(await config.output.readBytes('_index.json'))) await writeLakeFiles(config.output);
  return { files, skipped, failed, lines, good, bad, discarded, bytes, seconds: (performance.now() - start) / 1000, parts };
}
