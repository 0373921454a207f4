/**
 * Delivers the spool's waiting segments, one run at a time, and keeps trying while the bucket
 * fails: after a failed run the next one is scheduled with exponential backoff (1 s, 2 s, 4 s, …
 * up to a minute, with jitter), on top of the SDK's own per-request retries. Segments stay in
 * the spool until their `create` succeeds or finds the key already there, so an outage loses
 * nothing and a retry duplicates nothing.
 */
import type { Bucket } from '../../node/bucket/index.ts';
import type { Logger } from '../../node/logger.ts';
import { deliverSegment } from './delivery.ts';
import type { Spool } from './spool.ts';

export interface DelivererOptions {
  readonly bucket: Bucket;
  readonly spool: Spool;
  readonly logger: Logger;
  readonly retry: { readonly firstMs: number; readonly maxMs: number };
  /** Hears the keys of every run that delivered at least one file. */
  readonly onDelivered: (keys: readonly string[]) => void;
}

export class DeliveryError extends Error {}

export class Deliverer {
  private running: Promise<string[]> = Promise.resolve([]);
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: DelivererOptions) {}

  /** Delivers every waiting segment; rejects (and schedules a retry) when any could not be delivered. */
  deliver(): Promise<string[]> {
    const next = this.running.catch(() => []).then(() => this.run());
    this.running = next;
    return next;
  }

  /** `deliver()` in the background: failures are reported by the retry schedule. */
  kick(): void {
    this.deliver().catch(() => undefined);
  }

  /** No more retries (the collector is closing; what is left is delivered by the next start). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private async run(): Promise<string[]> {
    const { bucket, spool, logger } = this.options;
    const waiting = await spool.waiting();
    const keys: string[] = [];
    const failures: unknown[] = [];
    for (const segment of waiting) {
      try {
        const key = await deliverSegment(bucket, segment, logger);
        if (key) keys.push(key);
      } catch (e) {
        failures.push(e);
      }
    }
    if (keys.length > 0) {
      logger.debug?.(`delivered ${keys.join(', ')}`);
      try {
        this.options.onDelivered(keys);
      } catch (e) {
        logger.error('when running the onDelivered callback', e);
      }
    }
    if (failures.length === 0) {
      if (this.failures > 0) logger.info(`delivery to ${bucket.url} works again after ${this.failures} failed attempt${this.failures === 1 ? '' : 's'}; nothing was lost`);
      this.failures = 0;
      clearTimeout(this.retryTimer);
      return keys;
    }
    const error = new DeliveryError(`could not deliver ${failures.length} of ${waiting.length} log segments to ${bucket.url}; they stay in ${spool.dir} until delivered`, { cause: failures[0] });
    this.scheduleRetry(error);
    throw error;
  }

  private scheduleRetry(error: DeliveryError): void {
    this.failures++;
    if (this.stopped) return; // closing: the caller reports the error, the next start delivers
    const { firstMs, maxMs } = this.options.retry;
    const backoff = Math.min(maxMs, firstMs * 2 ** Math.min(this.failures - 1, 30));
    const delay = Math.round(backoff * (0.8 + 0.4 * Math.random())); // jitter: many collectors do not retry in step
    const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
    this.options.logger.warn(`${error.message} (${cause}); retrying in ${(delay / 1000).toFixed(1)} s`);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.kick(), delay);
    this.retryTimer.unref();
  }
}
