/**
 * The test API, in the spirit of Snowplow Micro, for users' own tracking tests (only with
 * `--test-api`):
 *
 * - `GET /firn/hits`: `{"total", "good", "bad", "discarded", "dropped", "hits": [LiveHit…]}`,
 *   newest first. Query: `good`, `bad`, `discarded` (any of them; none: good and bad),
 *   `event_type=page_view`, `schema=iglu:…`, `context=iglu:…` (repeatable: every one must be
 *   carried), `limit=N`.
 * - `POST /firn/reset`: forgets every hit; answers the zeroed counts.
 */
import type { IncomingMessage } from 'node:http';
import type { Verdict } from './hit.ts';
import type { HitQuery, HitStore } from './store.ts';

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const HITS_PARAMS = ['good', 'bad', 'discarded', 'event_type', 'schema', 'context', 'limit'] as const;

export function hitsAnswer(store: HitStore, request: IncomingMessage): ApiAnswer {
  const search = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
  for (const name of search.keys())
    if (!(HITS_PARAMS as readonly string[]).includes(name)) return problem(400, `unknown query parameter ${JSON.stringify(name)} (accepted: ${HITS_PARAMS.join(', ')})`);
  const verdicts = (['good', 'bad', 'discarded'] as const).filter((v) => search.has(v)) as Exclude<Verdict, null>[];
  const limitText = search.get('limit');
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) return problem(400, `limit: ${JSON.stringify(limitText)} is not an integer of 0 or more`);
  const query: HitQuery = {
    verdicts,
    ...(search.has('event_type') ? { eventType: search.get('event_type')! } : {}),
    ...(search.has('schema') ? { schema: search.get('schema')! } : {}),
    contexts: search.getAll('context'),
    ...(limit === undefined ? {} : { limit }),
  };
  return { status: 200, body: { ...store.summary(), hits: store.find(query) } };
}

export function resetAnswer(store: HitStore): ApiAnswer {
  store.reset();
  return { status: 200, body: store.summary() };
}

export function problem(status: number, message: string, headers?: Readonly<Record<string, string>>): ApiAnswer {
  return { status, body: { error: message }, ...(headers ? { headers } : {}) };
}
