/**
 * The test API's memory: the newest hits first, at most `maxHits` of them (older ones are
 * dropped and counted, so memory stays bounded however long a test suite runs), with counts
 * per verdict since the last reset.
 */
import type { LiveHit, Verdict } from './hit.ts';

export interface HitCounts {
  /** Tracker hits: good + bad, as Snowplow Micro's `/micro/all` counts them. */
  readonly total: number;
  readonly good: number;
  readonly bad: number;
  /** Logged lines that are not tracker hits (other paths). */
  readonly discarded: number;
  /** Hits no longer held because the store was full. */
  readonly dropped: number;
}

export interface HitQuery {
  /** Any of these verdicts; empty: good and bad. */
  readonly verdicts: readonly Exclude<Verdict, null>[];
  /** The `event` column, e.g. `page_view`. */
  readonly eventType?: string;
  /** The self-describing event's `iglu:` URI. */
  readonly schema?: string;
  /** Entity schemas the hit must all carry. */
  readonly contexts: readonly string[];
  readonly limit?: number;
}

export class HitStore {
  /** Oldest first (appending is cheap); read newest first. */
  private hits: LiveHit[] = [];
  private counts = { good: 0, bad: 0, discarded: 0, dropped: 0 };

  constructor(private readonly maxHits: number) {}

  add(hit: LiveHit): void {
    if (hit.verdict === 'good' || hit.verdict === 'bad' || hit.verdict === 'discarded') this.counts[hit.verdict]++;
    this.hits.push(hit);
    // Trim in steps, not per hit, so a full store does not shift the array on every request.
    if (this.hits.length >= this.maxHits + Math.max(1, this.maxHits >> 4)) {
      const excess = this.hits.length - this.maxHits;
      this.hits = this.hits.slice(excess);
      this.counts.dropped += excess;
    }
  }

  summary(): HitCounts {
    const { good, bad, discarded } = this.counts;
    const held = Math.min(this.hits.length, this.maxHits);
    const dropped = this.counts.dropped + (this.hits.length - held);
    return { total: good + bad, good, bad, discarded, dropped };
  }

  /** Matching hits, newest first. */
  find(query: HitQuery): LiveHit[] {
    const verdicts = new Set<Verdict>(query.verdicts.length > 0 ? query.verdicts : ['good', 'bad']);
    const limit = query.limit ?? Infinity;
    const found: LiveHit[] = [];
    const oldest = Math.max(0, this.hits.length - this.maxHits);
    for (let i = this.hits.length - 1; i >= oldest && found.length < limit; i--) {
      const hit = this.hits[i]!;
      if (!verdicts.has(hit.verdict)) continue;
      if (query.eventType !== undefined && hit.eventType !== query.eventType) continue;
      if (query.schema !== undefined && hit.schema !== query.schema) continue;
      if (!query.contexts.every((c) => hit.contexts.includes(c))) continue;
      found.push(hit);
    }
    return found;
  }

  reset(): void {
    this.hits = [];
    this.counts = { good: 0, bad: 0, discarded: 0, dropped: 0 };
  }
}
