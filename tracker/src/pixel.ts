import type { Payload } from '../../contract/index.ts';
import type { Pending } from './pending.ts';

/** `k=v&…`, values percent-encoded, empty values left out as Snowplow's trackers do. */
export const query = (payload: Payload): string =>
  Object.entries(payload)
    .filter(([, v]) => v)
    .map(([k, v]) => k + '=' + encodeURIComponent(v!))
    .join('&');

/**
 * One GET as a 1×1 image: no CORS preflight, works on every collector that serves a pixel.
 * Resolves `true` on `onload`, `false` on `onerror`; never rejects.
 */
export function sendPixel({ u, p: { url, ...rest } }: Pending): Promise<boolean> {
  return new Promise((done) => {
    const img = new Image();
    img.onload = () => done(true);
    img.onerror = () => done(false);
    // `stm` is the send time, so it is set on every attempt; `url` goes last so a truncated
    // URL loses the page URL's tail first (tracker-protocol.md §2).
    img.src = u + '?' + query({ ...rest, stm: String(Date.now()), url });
  });
}
