/**
 * Finishing a commit whose publishing was cut short (its manifest entry is missing): the log is
 * read again, keeping exactly the rows its commit claimed (first occurrence of each claimed id),
 * which are the rows it published or was about to; parts made at commit time are copied from
 * their staged copies. The same keys are written again, so a partly published log ends whole.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Bucket } from '../node/bucket/index.ts';
import type { LogParser } from '../wasm/binding/parser.ts';
import { claimSource } from './dedup/sources.ts';
import { IdFile } from './ids/file.ts';
import type { CommitRecord } from './lake/commits.ts';
import { writeEntry } from './manifest.ts';
import { processLog } from './process-log.ts';
import { readStaged } from './stage/read.ts';

export interface RecoverContext {
  readonly input: Bucket;
  readonly output: Bucket;
  readonly parser: LogParser;
  readonly etlTstampMs: number;
}

/** Publishes `record`'s parts and manifest entry; the compressed bytes read. */
export async function recoverLog(record: CommitRecord, ctx: RecoverContext, dir: string): Promise<number> {
  const claims = new Map<string, IdFile>();
  try {
    for (const claim of record.claims) {
      const path = join(dir, `claim-${claim.date}.ids`);
      await pipeline(await ctx.output.read(claim.key), createWriteStream(path));
      claims.set(claim.date, IdFile.open(path));
    }
    const staged = await processLog({ ...record.log }, {
      parser: ctx.parser,
      input: ctx.input,
      dir: join(dir, 'log'),
      etlTstampMs: ctx.etlTstampMs,
      dedup: claimSource(claims),
      badDate: record.badDate,
    });
    const made = new Map(staged.parts.map((p) => [p.key, p]));
    for (const part of record.parts) {
      if (part.staged) {
        await ctx.output.write(part.key, await ctx.output.read(part.staged));
        continue;
      }
      const again = made.get(part.key);
      if (!again || again.rows !== part.rows)
        throw new Error(`cannot publish commit ${record.seq} again: reading ${record.log.key} gives ${again?.rows ?? 0} rows for ${part.key}, its commit says ${part.rows} (was the log object replaced?)`);
      await ctx.output.write(part.key, readStaged(again.path));
    }
    await writeEntry(ctx.output, {
      key: record.log.key, size: record.log.size, version: record.log.version, seq: record.seq,
      parts: record.parts.map((p) => p.key), ...record.counts, processedAt: record.committedAt,
    });
    return staged.bytes;
  } finally {
    for (const f of claims.values()) f.close();
  }
}
