/**
 * Delivery runs one at a time: in this page through a promise chain, and across the site's tabs
 * through the Web Locks API, so two tabs never send the same stored event at once (a tab waits
 * while another sends, then finds those events delivered). Where Web Locks is missing (http
 * pages, browsers before 2022) or refuses (opaque origins), pages do not coordinate: an event
 * left by an earlier page may then be sent by two tabs, which the ETL deduplicates on `eid`.
 */
const NAME = 'firn-outbox';
let chain: Promise<unknown> = Promise.resolve();

export const locked = (run: () => Promise<void>): Promise<void> =>
  (chain = chain.then(() => (navigator.locks ? navigator.locks.request(NAME, run).catch(run) : run()))) as Promise<void>;
