/**
 * The layout of an ETL output ("lake"), shared by the ETL that writes it and the playground
 * that reads it over HTTP or S3.
 */

/** Events of one collector date: `events/date=YYYY-MM-DD/part-<id>.tsv.gz`. */
export const eventsKey = (date: string, part: string): string => `events/date=${date}/part-${part}.tsv.gz`;

/** Bad rows of one collector date: `bad/date=YYYY-MM-DD/part-<id>.jsonl.gz`. */
export const badKey = (date: string, part: string): string => `bad/date=${date}/part-${part}.jsonl.gz`;

/** The column names and types of the event files, for tools that do not import the contract. */
export const SCHEMA_KEY = 'events/_schema.json';

/**
 * Every committed part, rewritten atomically at the end of each ETL run. A plain HTTP folder
 * cannot be listed, so readers without an S3 listing start here.
 */
export const INDEX_KEY = '_index.json';

export interface LakeIndex {
  readonly version: 1;
  /** Keys relative to the lake root, sorted. */
  readonly events: readonly string[];
  readonly bad: readonly string[];
}
