import { DB_NAME, DB_VERSION, KEY_PATH, LEASE, STORE, type Lease, type Pending } from './pending.ts';
import { stats } from './stats.ts';

/**
 * The outbox: events in IndexedDB until delivered, shared by every tab of the site. About 30
 * lines of plain IndexedDB instead of the `idb` wrapper, which cost 1.4 KB gzip of a 5 KB budget.
 *
 * Safari 14.1 can leave `indexedDB.open` pending forever (see jakearchibald/safari-14-idb-fix):
 * after this long, events go to memory and are sent, rather than wait for a store that never opens.
 */
const OPEN_TIMEOUT = 3000;

let db: Promise<IDBDatabase> | undefined;
/** Events IndexedDB refused (missing, private mode, quota). They survive until the page does. */
const memory = new Map<string, Pending>();

const open = (): Promise<IDBDatabase> =>
  (db ||= new Promise((ok, fail) => {
    const r = indexedDB.open(DB_NAME, DB_VERSION);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: KEY_PATH });
    r.onsuccess = () => {
      const d = r.result;
      // A newer tracker in another tab upgrades the database: let it, and reopen on next use.
      d.onversionchange = () => {
        d.close();
        db = undefined;
      };
      ok(d);
    };
    r.onerror = r.onblocked = fail;
    setTimeout(fail, OPEN_TIMEOUT);
  }));

/**
 * One request in its own transaction, resolved once it commits, so "put" means durable. Any
 * failure, including `indexedDB` itself throwing on access, runs `fallback` instead.
 */
async function request<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>, fallback: () => T | void): Promise<T | void> {
  try {
    const tx = (await open()).transaction(STORE, mode);
    const r = run(tx.objectStore(STORE));
    await new Promise((ok, fail) => {
      tx.oncomplete = ok;
      tx.onabort = fail;
    });
    return r.result;
  } catch {
    return fallback();
  }
}

export const put = (e: Pending): Promise<unknown> =>
  request(
    'readwrite',
    (s) => s.put(e),
    () => {
      stats.memory = true;
      memory.set(e.p.eid!, e);
    },
  );

export const remove = (eid: string): Promise<unknown> => (memory.delete(eid), request('readwrite', (s) => s.delete(eid), () => {}));

/** Everything not yet delivered, oldest first: this page's, other tabs', and what earlier pages left behind (not the lease). */
export const all = async (): Promise<Pending[]> =>
  [...((await request<Pending[]>('readonly', (s) => s.getAll(), () => [])) || []).filter((e) => e.u), ...memory.values()].sort((a, b) => +a.p.dtm! - +b.p.dtm!);

/** How long a lease lasts unless renewed: longer than a background tab's throttled timers (1 s) leave between renewals. */
const LEASE_MS = 3000;

/** This page, as the lease's holder. */
const me = Math.random();

/**
 * Takes or renews (`take`), or gives back, the outbox lease, the lock where Web Locks is missing
 * (`lock.ts`): a record in the store, read and written in one readwrite transaction, which
 * IndexedDB runs one at a time across tabs, so two tabs can never both take it. A lease ends by
 * itself LEASE_MS after it was last taken, so a page closed while holding it blocks no one for
 * long. Resolves whether this page holds it; without IndexedDB nothing is shared, so there is
 * nothing to lock and it always does.
 */
export const lease = async (take?: boolean): Promise<boolean> => {
  const now = Date.now();
  const until = now + LEASE_MS;
  const free = (l?: Lease | void): boolean => !l || l.t < now || l.o == me;
  return free(
    await request<Lease | undefined>(
      'readwrite',
      (s) => {
        const r = s.get(LEASE);
        r.onsuccess = () => {
          if (free(r.result)) take ? s.put({ p: { eid: LEASE }, o: me, t: until }) : s.delete(LEASE);
        };
        return r;
      },
      () => {},
    ),
  );
};
