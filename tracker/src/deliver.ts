import { backoff } from './backoff.ts';
import { pending, put, remove } from './outbox.ts';
import { sendPixel } from './pixel.ts';
import type { Pending } from './pending.ts';
import { warn } from './safe.ts';

/** Event ids this page is sending now; `flush` skips them, so no event is sent twice at once by one page. */
const inFlight = new Set<string>();
let failures = 0;
let retry: ReturnType<typeof setTimeout> | 0 = 0;

function send(event: Pending): void {
  const eid = event.p.eid!;
  inFlight.add(eid);
  sendPixel(event)
    .then((ok) => {
      inFlight.delete(eid);
      if (ok) {
        failures = 0;
        return remove(eid);
      }
      // Keep the event; one timer retries everything that is pending.
      retry ||= setTimeout(() => {
        retry = 0;
        failures++;
        flush();
      }, backoff(failures));
    })
    .catch(warn);
}

/** Stores the event, and only then sends it: a crash or reload in between leaves it for the next page. */
export function deliver(event: Pending): void {
  inFlight.add(event.p.eid!);
  put(event).then(() => send(event), warn);
}

/**
 * Sends every stored event not already on its way: at start-up (events an earlier page left)
 * and after a failure. Multi-tab coordination (e.g. `navigator.locks`) belongs here: today two
 * tabs may both re-send a leftover event, which the collector sees as a duplicate `eid`.
 */
export function flush(): void {
  pending().then((events) => events.forEach((e) => inFlight.has(e.p.eid!) || send(e)), warn);
}
