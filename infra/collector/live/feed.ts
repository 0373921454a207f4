/**
 * Every logged line, turned into a `LiveHit` and handed to whoever listens: the stream's
 * clients and the test API's store. With no listener nothing is done, so a collector nobody
 * watches pays nothing per request.
 */
import { LOG_FIELDS, type LogField } from '../../../contract/cloudfront.ts';
import { contextSchemas, eventSchema } from './event-json.ts';
import type { LiveHit } from './hit.ts';
import type { Judge } from './judge.ts';
import type { HitStore } from './store.ts';

/** What the handler knows of a line it has just logged. */
export interface LoggedLine {
  /** As written, with its newline. */
  readonly line: string;
  /** The request target as received (path and query, not escaped). */
  readonly target: string;
}

export type HitListener = (hit: LiveHit) => void;

export class LiveFeed {
  private readonly listeners = new Set<HitListener>();

  constructor(
    private readonly judge: Judge | null,
    /** The test API's store, when it is on. */
    readonly store: HitStore | null,
  ) {}

  get active(): boolean {
    return this.store !== null || this.listeners.size > 0;
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: HitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(logged: LoggedLine): void {
    if (!this.active) return;
    const hit = liveHit(logged, this.judge);
    this.store?.add(hit);
    for (const listener of this.listeners) listener(hit);
  }
}

export function liveHit({ line, target }: LoggedLine, judge: Judge | null): LiveHit {
  const text = line.endsWith('\n') ? line.slice(0, -1) : line;
  const values = text.split('\t');
  const fields = Object.fromEntries(LOG_FIELDS.map((name, i) => [name, values[i] ?? '-'])) as Record<LogField, string>;
  const question = target.indexOf('?');
  const params = question < 0 ? {} : Object.fromEntries(new URLSearchParams(target.slice(question + 1)));
  const judged = judge?.(line) ?? null;
  const event = judged?.event ?? null;
  return {
    id: fields['x-edge-request-id'],
    line: text,
    fields,
    params,
    verdict: judged?.verdict ?? null,
    event,
    eventType: typeof event?.event === 'string' ? event.event : null,
    schema: event ? eventSchema(event) : null,
    contexts: event ? contextSchemas(event) : [],
    errors: judged?.errors ?? [],
  };
}
