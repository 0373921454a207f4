import { lease } from './outbox.ts';
import { SEND_TIMEOUT } from './pixel.ts';

/**
 * Delivery runs one at a time: in this page through a promise chain, and across the site's tabs
 * through the Web Locks API, so two tabs never send the same stored event at once (a tab waits
 * while another sends, then finds those events delivered). Where Web Locks is missing (http
 * pages, browsers before 2022) or refuses (opaque origins), the lock is a lease in the outbox
 * itself (`outbox.ts`), polled every RETRY ms; it outlasts the longest round (every request of
 * a round runs at once, each given up after SEND_TIMEOUT), and a closed tab's lease runs out.
 */
const NAME = 'firn-outbox';
const RETRY = 500;
const LEASE_MS = 2 * SEND_TIMEOUT;
let chain: Promise<unknown> = Promise.resolve();

const leased = async (run: () => Promise<void>): Promise<void> => {
  while (!(await lease(true, Date.now() + LEASE_MS))) await new Promise((wake) => setTimeout(wake, RETRY));
  await run();
  await lease(false, 0);
};

export const locked = (run: () => Promise<void>): Promise<void> =>
  (chain = chain.then(() => (navigator.locks ? navigator.locks.request(NAME, run).catch(() => leased(run)) : leased(run)))) as Promise<void>;
