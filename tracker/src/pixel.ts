import type { Payload } from '../../contract/index.ts';
import type { Pending } from './pending.ts';

/** A request the collector never answers counts as failed after this long, so it cannot hold the outbox lock forever. */
const SEND_TIMEOUT = 30000;

/** `k=v&…`, values percent-encoded, empty values left out as Snowplow's trackers do. */
export const query = (payload: Payload): string =>
  Object.entries(payload)
    .filter(([, v]) => v)
    .map(([k, v]) => k + '=' + encodeURIComponent(v!))
    .join('&');

/**
 * The plain hit. `stm` is the send time, so it is set on every attempt; `url` and then `cx` go
 * last, so a URL cut short by an old proxy loses the least (tracker-protocol.md §2).
 */
export const plainHit = ({ u, p: { url, cx, ...rest } }: Pending, stm: number): string => u + '?' + query({ ...rest, stm: '' + stm, url, cx });

/**
 * One GET as a 1×1 image: no CORS preflight, works on every collector that serves a pixel.
 * Resolves `true` on `onload`, `false` on `onerror` or timeout; never rejects.
 */
export const pixel = (src: string): Promise<boolean> =>
  new Promise((done) => {
    const img = new Image();
    img.onload = () => done(true);
    img.onerror = () => done(false);
    setTimeout(done, SEND_TIMEOUT, false);
    img.src = src;
  });
