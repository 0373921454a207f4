/**
 * The commit log (`_commits/<seq>.json`): the ETL's source of truth. A log is committed when its
 * record is created, exclusively (`Bucket.create`: a link on a folder, `If-None-Match: *` on S3),
 * at the next sequence number; whoever loses a race for a number reads the winner's record and
 * tries the next. Records are totally ordered, so "the first to commit an event id keeps it"
 * means the same thing to every process, CLI or Lambda, running at the same time.
 *
 * A record names what its log produced, so that anyone can finish publishing it after a crash
 * (`recover.ts`): parts, the ids it kept per date, fragments it left pending or settled.
 */
import type { Bucket } from '../../node/bucket/index.ts';
import type { FragmentCounts, LineCounts } from '../counts.ts';
import { commitKey } from './keys.ts';

export interface CommittedPart {
  readonly key: string;
  readonly rows: number;
  /** For parts made at commit time: where the record keeps a copy until it is published. */
  readonly staged?: string;
}

export interface CommitRecord {
  readonly seq: number;
  readonly logId: string;
  readonly log: { readonly key: string; readonly size: number; readonly version: string };
  /** Random per attempt: names this attempt's claim and piece objects. */
  readonly attempt: string;
  readonly parts: readonly CommittedPart[];
  /** Per date, the ids this log kept (a sorted id file). */
  readonly claims: readonly { readonly date: string; readonly key: string; readonly count: number }[];
  readonly fragments: {
    /** The log's fragment records left pending, or null. */
    readonly key: string | null;
    /** Events whose sets this commit completed or expired: their earlier pieces leave the pool. */
    readonly completed: readonly string[];
    readonly expired: readonly string[];
  };
  /** Where the log's bad rows are filed. */
  readonly badDate: string;
  readonly counts: LineCounts & { readonly fragments: FragmentCounts };
  /** Newest collector date in the lake once this log is in. */
  readonly maxDate: string | null;
  readonly committedAt: string;
}

export async function readCommit(output: Bucket, seq: number): Promise<CommitRecord | null> {
  const bytes = await output.readBytes(commitKey(seq));
  return bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as CommitRecord) : null;
}

/** Creates the record at its sequence number; false when that number is taken. */
export async function createCommit(output: Bucket, record: CommitRecord): Promise<boolean> {
  return output.create(commitKey(record.seq), Buffer.from(JSON.stringify(record, null, 2) + '\n'));
}

/** Records after `seq`, in order, up to the first number not taken. */
export async function* commitsAfter(output: Bucket, seq: number): AsyncIterable<CommitRecord> {
  for (let next = seq + 1; ; next++) {
    const record = await readCommit(output, next);
    if (!record) return;
    yield record;
  }
}
