/**
 * One logged line as the live stream and the test API show it: the raw CloudFront fields, the
 * query parameters as the client sent them, and the verdict of the same wasm parser the ETL
 * runs, with the canonical event (good) or the reasons (bad).
 */
import type { LogField } from '../../../contract/cloudfront.ts';
import type { EventJson } from './event-json.ts';

/**
 * - `good`: the ETL makes an event of it;
 * - `bad`: the ETL makes a bad row of it (`errors` says why);
 * - `discarded`: not a tracker hit (another path, like `/firn.js` or a 404), counted and skipped;
 * - `null`: no verdict, because `dist/firn.wasm` is not built.
 */
export type Verdict = 'good' | 'bad' | 'discarded' | null;

/** One problem the parser found, as in the ETL's bad rows. */
export interface HitError {
  readonly field: string | null;
  readonly value: string | number | null;
  readonly message: string;
}

export interface LiveHit {
  /** `x-edge-request-id`, also the `X-Amz-Cf-Id` the client got. */
  readonly id: string;
  /** The line exactly as logged, without its newline. */
  readonly line: string;
  /** The 33 fields as logged: CloudFront-escaped, `-` when empty. */
  readonly fields: Readonly<Record<LogField, string>>;
  /** The query parameters as the client sent them, form-decoded once (`+` is a space); a repeated name keeps its last value, as the parser does. */
  readonly params: Readonly<Record<string, string>>;
  readonly verdict: Verdict;
  /** The canonical event, all 131 columns typed (good hits only). */
  readonly event: EventJson | null;
  /** The `event` column (`page_view`, `unstruct`, …) of a good hit. */
  readonly eventType: string | null;
  /** `iglu:vendor/name/format/version` of a good hit's self-describing event, else null. */
  readonly schema: string | null;
  /** Schemas of the entities a good hit carries (`contexts`). */
  readonly contexts: readonly string[];
  /** Why the ETL would reject the line (bad hits only). */
  readonly errors: readonly HitError[];
}
