/**
 * `firn inspect`: a terminal view of a collector's `/firn/stream`. Each hit is shown as it is
 * logged, judged by the collector with the ETL's own wasm parser. When the collector goes away
 * the view waits and reconnects, until Ctrl+C.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../node/logger.ts';
import { booleanOption, OptionError, stringOption, type RawOptions } from '../../node/options.ts';
import type { LiveHit } from '../collector/live/hit.ts';
import { renderHit } from './render.ts';
import { readEvents } from './sse.ts';

export interface InspectOptions {
  /** The collector, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly json?: boolean;
  readonly params?: boolean;
  readonly color?: boolean;
  /** Where the view goes (stdout for the command). */
  readonly write: (text: string) => void;
  readonly logger: Logger;
  /** Stops watching. */
  readonly signal?: AbortSignal;
  /** Called each time the stream is open (tests wait for it before sending hits). */
  readonly onConnected?: () => void;
}

export async function runInspect(options: RawOptions, logger: Logger): Promise<void> {
  const url = stringOption(options, 'url', /^https?:\/\/[^/]+\/?$/, 'a collector URL like http://127.0.0.1:8080');
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  await inspect({
    url,
    json: booleanOption(options, 'json'),
    params: booleanOption(options, 'params'),
    color: colorOption(options['color']),
    write: (text) => void process.stdout.write(text),
    logger,
    signal: stop.signal,
  });
}

/** Watches until `signal` aborts; a lost connection is retried with backoff up to 10 s. */
export async function inspect(options: InspectOptions): Promise<void> {
  const streamUrl = new URL('/firn/stream', options.url).href;
  const { logger, signal } = options;
  let wait = 500;
  while (!signal?.aborted) {
    try {
      const response = await fetch(streamUrl, { headers: { Accept: 'text/event-stream' }, ...(signal ? { signal } : {}) });
      if (response.status === 404) throw new Error(`${streamUrl} answers 404: the collector runs without the stream (start it with --stream on)`);
      if (!response.ok || !response.body) throw new Error(`${streamUrl} answers ${response.status}`);
      logger.info(`watching ${streamUrl} (Ctrl+C to stop)`);
      options.onConnected?.();
      wait = 500;
      await readEvents(response.body, (event) => {
        if (event.type === 'dropped') return logger.warn(`the collector skipped ${(JSON.parse(event.data) as { count: number }).count} hits this view was too slow to take`);
        if (event.type !== 'hit') return;
        const hit = JSON.parse(event.data) as LiveHit;
        options.write(options.json ? JSON.stringify(hit) + '\n' : renderHit(hit, { color: options.color ?? false, params: options.params ?? false }));
      });
      if (!signal?.aborted) logger.warn('the collector closed the stream; reconnecting');
    } catch (e) {
      if (signal?.aborted) break;
      logger.warn(`cannot read ${streamUrl}: ${(e as Error).message}; retrying in ${wait / 1000} s`);
    }
    await sleep(wait, undefined, signal ? { signal } : {}).catch(() => undefined);
    wait = Math.min(wait * 2, 10_000);
  }
}

/** `--color auto|on|off`: auto is on for a terminal, unless NO_COLOR is set. */
function colorOption(raw: unknown): boolean {
  if (raw === undefined || raw === 'auto') return Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new OptionError(`--color: ${JSON.stringify(raw)} is not auto, on or off`);
}
