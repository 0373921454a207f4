import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import { DB_NAME, DB_VERSION, KEY_PATH, STORE, type Pending } from './pending.ts';

interface Schema extends DBSchema {
  events: { key: string; value: Pending };
}
type Store<M extends IDBTransactionMode> = IDBPObjectStore<Schema, [typeof STORE], typeof STORE, M>;

/**
 * Safari 14.1 can leave `indexedDB.open` pending forever (see jakearchibald/safari-14-idb-fix):
 * after this long, events go to memory and are sent, rather than wait for a store that never opens.
 */
const OPEN_TIMEOUT = 3000;

let db: Promise<IDBPDatabase<Schema>> | undefined;
/** The in-memory queue: events IndexedDB refused (missing, private mode, quota). They survive until the page does. */
const memory = new Map<string, Pending>();

/**
 * Runs one request in its own transaction and waits for the commit, so "put" means durable.
 * Any failure, including `indexedDB` itself throwing on access, runs `fallback` instead.
 */
async function request<T, M extends IDBTransactionMode>(mode: M, run: (store: Store<M>) => Promise<T>, fallback: () => T): Promise<T> {
  try {
    db ||= openDB<Schema>(DB_NAME, DB_VERSION, { upgrade: (d) => void d.createObjectStore(STORE, { keyPath: KEY_PATH }) });
    const tx = (await Promise.race([db, new Promise<never>((_, fail) => setTimeout(fail, OPEN_TIMEOUT))])).transaction(STORE, mode);
    return (await Promise.all([run(tx.store), tx.done]))[0];
  } catch {
    return fallback();
  }
}

export const put = (event: Pending): Promise<unknown> =>
  request<unknown, 'readwrite'>('readwrite', (s) => s.put(event), () => memory.set(event.p.eid!, event));

export const remove = (eid: string): Promise<unknown> => (memory.delete(eid), request<unknown, 'readwrite'>('readwrite', (s) => s.delete(eid), () => 0));

/** Everything not yet delivered: this page's failures and what earlier pages left behind. */
export const pending = async (): Promise<Pending[]> => [...(await request('readonly', (s) => s.getAll(), () => [])), ...memory.values()];
