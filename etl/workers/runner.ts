/** What processes logs for a run: worker threads (`pool.ts`) or the main thread (`in-process.ts`). */
import type { ObjectInfo } from '../../node/bucket/index.ts';
import type { StagedLog } from '../process-log.ts';

export interface LogRunner {
  /** Processes `log` into staged output under `dir`; progress (bytes read, lines) only when asked. */
  process(log: ObjectInfo, dir: string, onProgress?: (bytes: number, lines: number) => void): Promise<StagedLog>;
  /** True when processing and committing share one parser, so they must take turns. */
  readonly sequential: boolean;
  close(): Promise<void>;
}
