/**
 * Where the ETL keeps its own state inside the lake, beside the layout readers see
 * (`contract/lake.ts`). Every name starts with `_`: Athena, Hive and DuckDB globs skip them. Every
 * object here is written once and never replaced, but for the hint `_checkpoints/latest.json`
 * (like `_index.json` and `events/_schema.json`, rewritten whole by runs that commit something).
 *
 *   _commits/<seq>.json                 the commit log: one record per committed log, created exclusively
 *   _checkpoints/<seq>.json             state as of a commit: each date's id files, the pending fragments
 *   _checkpoints/latest.json            a hint: the newest checkpoint (saves listing them all)
 *   _manifest/<log id>.json             per processed log, written last: the lookup "is this log done?"
 *   _dedup/date=<date>/<log id>-<attempt>.ids   the event ids a commit kept for a date (its claim)
 *   _dedup/date=<date>/base-<seq>.ids   a checkpoint's merge of a date's claims
 *   _fragments/<log id>-<attempt>.jsonl.gz      fragment records a commit left pending
 *   _fragments/pool-<seq>.jsonl.gz      a checkpoint's pending fragments
 *   _staging/<log id>-<attempt>/…       parts made at commit (reassembled events, expired fragments), published after it
 */

const pad = (seq: number): string => String(seq).padStart(10, '0');

export const commitKey = (seq: number): string => `_commits/${pad(seq)}.json`;
export const checkpointKey = (seq: number): string => `_checkpoints/${pad(seq)}.json`;
export const CHECKPOINT_PREFIX = '_checkpoints/';
export const LATEST_CHECKPOINT_KEY = '_checkpoints/latest.json';
export const MANIFEST_PREFIX = '_manifest/';
export const manifestKey = (logId: string): string => `${MANIFEST_PREFIX}${logId}.json`;
export const claimKey = (date: string, logId: string, attempt: string): string => `_dedup/date=${date}/${logId}-${attempt}.ids`;
export const baseKey = (date: string, seq: number): string => `_dedup/date=${date}/base-${pad(seq)}.ids`;
export const piecesKey = (logId: string, attempt: string): string => `_fragments/${logId}-${attempt}.jsonl.gz`;
export const poolKey = (seq: number): string => `_fragments/pool-${pad(seq)}.jsonl.gz`;
export const stagedKey = (logId: string, attempt: string, part: string): string => `_staging/${logId}-${attempt}/${part}`;
