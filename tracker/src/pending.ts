import type { Payload } from '../../contract/index.ts';

/**
 * The IndexedDB layout of the outbox. Stored keys are plain one-letter names, never `_`-prefixed:
 * `_` names are mangled per build, and a newer build must read what an older page stored.
 */
export const DB_NAME = 'firn';
export const DB_VERSION = 1;
export const STORE = 'events';
/** Records are keyed by their event id, so a re-send can never duplicate a stored event. */
export const KEY_PATH = 'p.eid';

/**
 * The key of the one record in the store that is not an event: the outbox lease, the lock between
 * tabs where Web Locks is missing (`outbox.ts`). Not a UUID, so no event id can take it.
 */
export const LEASE = '~lease';

export interface Lease {
  /** The holding page's random id. */
  readonly o: number;
  /** When the lease ends by itself, in ms since the epoch. */
  readonly t: number;
}

/** One event waiting for delivery. */
export interface Pending {
  /** The pixel URL, `<collector>/i`: events outlive the tracker config that made them. */
  readonly u: string;
  /** The payload without `stm`, which is set at every send. */
  readonly p: Payload;
  /** `maxGetBytes` of the tracker that made it, when not the default. */
  readonly m?: number | undefined;
  /**
   * The requests of an event too long for one plain hit (docs/protocol.md §3), made at its first
   * send and stored, so every retry resends exactly the same requests.
   */
  r?: readonly string[];
}
