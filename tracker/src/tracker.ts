import type { Identity } from './identity.ts';
import { safe, warn } from './safe.ts';
import type { GlobalContext, Transaction, TransactionItem } from './types.ts';
import type { LinkClickTrackingConfig } from './types.ts';

/** One tracker. Internal: `_` names are mangled in the build (STYLE rule 7). */
export interface Tracker {
  /** Sent as `tna`. */
  readonly _name: string;
  /** `<collector>/i`. */
  readonly _pixel: string;
  readonly _appId: string | undefined;
  readonly _max: number | undefined;
  /** Why this tracker sends nothing (Do Not Track, Global Privacy Control), or `''`. */
  readonly _off: string;
  /** The cookie identity; trackers with the same cookie domain share one. */
  readonly _id: Identity;
  /** Hosts the cross-domain linker decorates links to. */
  readonly _links: readonly string[];
  _anon: boolean;
  _ctx: GlobalContext[];
  _uid?: string | null | undefined;
  _url?: string | null | undefined;
  _refr?: string | null | undefined;
  _title?: string | null | undefined;
  /** The transaction `addTrans`/`addItem` are building. */
  _trans?: [Transaction, TransactionItem[]] | undefined;
  /** Activity tracking's page-view hook: restarts the page-ping timers. */
  _pings?: () => void;
  _clicks?: LinkClickTrackingConfig;
}

export const trackers = new Map<string, Tracker>();

/**
 * A public method that runs on every tracker, or on the named ones. Each tracker runs in its
 * own try, so one tracker's failure (a throwing entity generator, say) spares the others.
 */
export const method = <A>(f: (t: Tracker, a: A) => void): ((a: A, trackerNames?: readonly string[]) => void) =>
  safe((a: A, names?: readonly string[]) => {
    for (const name of names || trackers.keys()) {
      const t = trackers.get(name);
      t ? safe(f)(t, a) : warn('no tracker named', name);
    }
  });
