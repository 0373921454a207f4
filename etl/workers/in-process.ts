/**
 * Logs processed on the main thread, one at a time, with the coordinator's parser: what one
 * worker means (`--workers 1`), what Lambda runs, and the default for code that embeds the ETL
 * (the demo), where threads would cost more than they bring.
 */
import type { Bucket, ObjectInfo } from '../../node/bucket/index.ts';
import type { LogParser } from '../../wasm/binding/parser.ts';
import type { Snapshot } from '../dedup/snapshot.ts';
import { snapshotSource } from '../dedup/sources.ts';
import { processLog, type StagedLog } from '../process-log.ts';
import type { LogRunner } from './runner.ts';

export function inProcessRunner(parser: LogParser, input: Bucket, snapshot: Snapshot, etlTstampMs: number): LogRunner {
  return {
    sequential: true,
    async process(log: ObjectInfo, dir: string, onProgress): Promise<StagedLog> {
      const dedup = snapshotSource((date) => snapshot.prepare(date));
      try {
        return await processLog(log, { parser, input, dir, etlTstampMs, dedup, onProgress });
      } finally {
        dedup.close();
      }
    },
    close: async () => undefined,
  };
}
