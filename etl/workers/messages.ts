/**
 * What the coordinator and its worker threads say to each other (typed envelopes, STYLE rule 4).
 * A worker processes one log at a time; while doing so it may ask for a date's stored ids,
 * which come back as SharedArrayBuffers (shared, not copied).
 */
import type { OpenBucketOptions } from '../../node/bucket/index.ts';
import type { ObjectInfo } from '../../node/bucket/index.ts';
import type { EnrichmentConfig } from '../../wasm/binding/parser.ts';
import type { SeenShape } from '../dedup/seen.ts';
import type { StagedLog } from '../process-log.ts';

export interface WorkerInit {
  readonly firnEtlWorker: true;
  readonly input: { readonly url: string; readonly options: OpenBucketOptions };
  readonly etlTstampMs: number;
  readonly enrichments: EnrichmentConfig;
}

export enum ToWorker {
  process = 'process',
  seen = 'seen',
}

export enum FromWorker {
  needSeen = 'need-seen',
  progress = 'progress',
  done = 'done',
  failed = 'failed',
}

export type ToWorkerMessage =
  | { readonly type: ToWorker.process; readonly job: number; readonly log: ObjectInfo; readonly dir: string; readonly progress: boolean }
  | { readonly type: ToWorker.seen; readonly request: number; readonly seen: SeenShape | null; readonly error: string | null };

export type FromWorkerMessage =
  | { readonly type: FromWorker.needSeen; readonly request: number; readonly date: string }
  | { readonly type: FromWorker.progress; readonly job: number; readonly bytes: number; readonly lines: number }
  | { readonly type: FromWorker.done; readonly job: number; readonly staged: StagedLog }
  | { readonly type: FromWorker.failed; readonly job: number; readonly error: string };
