import { lease } from './outbox.ts';

/**
 * Delivery runs one at a time: in this page through a promise chain, and across the site's tabs
 * through the Web Locks API, so two tabs never send the same stored event at once (a tab waits
 * while another sends, then finds those events delivered). Where Web Locks is missing (http
 * pages, browsers before 2022) or refuses (opaque origins), the lock is a lease in the outbox
 * itself (`outbox.ts`): short (3 s), renewed every RETRY ms while the round runs, so a page
 * closed or reloaded mid-round holds up the next one for a few seconds at most; a tab that finds
 * it taken tries again every RETRY ms.
 */
const NAME = 'firn-outbox';
const RETRY = 500;
let chain: Promise<unknown> = Promise.resolve();

const leased = async (run: () => Promise<void>): Promise<void> => {
  while (!(await lease(true))) await new Promise((wake) => setTimeout(wake, RETRY));
  const renew = setInterval(lease, RETRY, true);
  await run();
  clearInterval(renew);
  await lease(false);
};

export const locked = (run: () => Promise<void>): Promise<void> =>
  (chain = chain.then(() => (navigator.locks ? navigator.locks.request(NAME, run).catch(() => leased(run)) : leased(run)))) as Promise<void>;
