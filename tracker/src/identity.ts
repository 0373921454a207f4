import type { Payload } from '../../contract/index.ts';
import { getCookie, setCookie } from './cookie.ts';
import { cookieHash } from './cookie-name.ts';
import { uuid } from './uuid.ts';

/** Snowplow's default (tracker-protocol.md §7): the id cookie lives 2 years. */
const ID_LIFETIME = 63072000;

/**
 * The `_sp_id.<hash>` / `_sp_ses.<hash>` cookies of one cookie domain, kept in memory. Nothing
 * here runs inside a `track*` call: every use waits for `_ready` (the cookie names, which take a
 * SubtleCrypto digest), so the cookies are read after the call returns, again only when the
 * session looks expired (another tab may have continued it), and written in a task of their own. The id cookie has Snowplow's 10 fields (0-based here):
 * duid . created s . vid . last event s . previous session's last event s . sid . previous sid
 * . first event id . first event ms . event index.
 */
export interface Identity {
  /** Resolved once the cookie names are known and the cookies read; every use chains on it, in call order. */
  _ready: Promise<unknown>;
  _name: string;
  _ses: string;
  readonly _domain: string;
  readonly _timeout: number;
  _f: string[];
  /** Time of the session's last event (ms), 0 when there is no session. */
  _t: number;
  _write: ReturnType<typeof setTimeout> | 0;
}

const identities = new Map<string, Identity>();

const seconds = (ms: number): string => '' + Math.round(ms / 1000);

/** The identity of a cookie domain (`''`: host-only). Snowplow names cookies by SHA-1(domain + path). */
export function identity(domain: string, timeoutSeconds: number): Identity {
  let id = identities.get(domain);
  if (!id) {
    // `_ready` and the names are set just below.
    const made = { _domain: domain, _timeout: timeoutSeconds * 1000, _f: [], _t: 0, _write: 0 } as unknown as Identity;
    made._ready = cookieHash((domain || location.hostname) + '/').then((hash) => {
      made._name = '_sp_id.' + hash;
      made._ses = '_sp_ses.' + hash;
      load(made);
    });
    identities.set(domain, (id = made));
  }
  return id;
}

/**
 * A session is alive while its session cookie exists and its last event (field 4, which every
 * event renews, as Snowplow's trackers do) is within the timeout: the tracker's own clock decides,
 * not only the cookie jar's.
 */
function load(id: Identity): void {
  id._f = getCookie(id._name).split('.');
  id._t = getCookie(id._ses) ? +id._f[3]! * 1000 || 0 : 0;
}

/** Writes both cookies, or with `keep` 0 deletes them. */
function save(id: Identity, keep = 1): void {
  id._write = 0;
  setCookie(id._name, id._f.join('.'), keep && ID_LIFETIME, id._domain);
  setCookie(id._ses, '*', keep && id._timeout / 1000, id._domain);
}

/** Records activity now: the first event sets the user id, every event the "last event" time. Cookies are written later, once per task. */
function touch(id: Identity, now: number): void {
  const f = id._f;
  if (!f[0]) f[0] = uuid();
  if (!f[1]) f[1] = seconds(now);
  f[3] = seconds(now);
  id._t = now;
  schedule(id);
}

const schedule = (id: Identity): void => {
  if (!id._write) id._write = setTimeout(save, 0, id);
};

/** A new session: count the visit, keep the previous one's time and id, new session id, no events yet. */
function start(f: string[]): void {
  f[2] = '' + ((+f[2]! || 0) + 1);
  f[4] = f[3] || '';
  f[6] = f[5] || '';
  f[5] = uuid();
  f[9] = '0';
}

const expired = (id: Identity, now: number): boolean => now - id._t >= id._timeout;

/** The ids event `eid` carries, starting a session if the last one expired. */
export function identify(id: Identity, now: number, eid: string): Payload {
  if (expired(id, now)) load(id);
  const f = id._f;
  if (expired(id, now) || !f[5]) start(f);
  if (!+f[9]!) (f[7] = eid), (f[8] = '' + now);
  f[9] = '' + ((+f[9]! || 0) + 1);
  touch(id, now);
  return { duid: f[0], vid: f[2], sid: f[5] };
}

/** `newSession`: the next event belongs to a new session. */
export const newSession = (id: Identity): unknown =>
  id._ready.then(() => {
    load(id);
    start(id._f);
    touch(id, Date.now());
  });

/** Anonymous tracking: no cookie stays, and the ids in memory are forgotten. */
export const forget = (id: Identity): unknown =>
  id._ready.then(() => {
    clearTimeout(id._write);
    id._f = [];
    id._t = 0;
    save(id, 0);
  });

/** How long a cross-domain `_sp` value is honoured: long enough for a slow navigation, too short to share a link. */
const LINKER_TTL = 120000;

/**
 * The cross-domain linker value, Snowplow's default form (tracker-protocol.md §8): duid and now
 * (ms). Only once `_ready`: a click in the first milliseconds of a page goes undecorated.
 */
export function linkerValue(id: Identity, now: number): string {
  if (!id._f[0]) (id._f[0] = uuid()), schedule(id);
  return id._f[0] + '.' + now;
}

/**
 * Adopts a fresh `_sp` from the page URL: the visitor's duid (the session stays this domain's,
 * as sessions are counted per cookie domain). Only the first two positions are read, so the
 * extended form of Snowplow's trackers is adopted too.
 */
export const adopt = (id: Identity, value: string, now: number): unknown =>
  id._ready.then(() => {
    const m = /^([\w-]+)\.(\d+)/.exec(value);
    if (m && Math.abs(now - +m[2]!) < LINKER_TTL) (id._f[0] = m[1]!), schedule(id);
  });
