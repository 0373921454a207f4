import type { PIXEL_PATH } from '../../contract/index.ts';
import { start } from './deliver.ts';
import { rootDomain } from './domain.ts';
import { forget, identity } from './identity.ts';
import { linker } from './linker.ts';
import { optOut } from './privacy.ts';
import { ignored, safe } from './safe.ts';
import { limits } from './stats.ts';
import { trackers, type Tracker } from './tracker.ts';
import type { TrackerConfig } from './types.ts';

/** The collector's pixel path; typed by the contract, written out so the bundle does not pull the parameter table in. */
const PIXEL: typeof PIXEL_PATH = '/i';
let started = false;

/**
 * Creates a tracker named `name` (sent as `tna`) that sends to `endpoint` (`https://` is assumed
 * when no scheme is given, as Snowplow's trackers do). The first tracker also re-sends events an
 * earlier page left undelivered. A tracker the visitor opted out of (Do Not Track, GPC) exists,
 * so calls naming it do not warn, but sends nothing and touches no cookie or storage.
 */
export const newTracker: (name: string, endpoint: string, config?: TrackerConfig | null) => void = safe((name: string, endpoint: string, config?: TrackerConfig | null) => {
  if (!name || !endpoint || trackers.has(name)) return ignored('newTracker: no endpoint, or name taken');
  const c = config || {};
  const off = optOut(c);
  if (c.maxQueueSize) limits._size = c.maxQueueSize;
  if (c.maxAge) limits._age = c.maxAge * 1000;
  const t: Tracker = {
    _name: name,
    _pixel: (/^(\w+:)?\/\//.test(endpoint) ? endpoint : 'https://' + endpoint).replace(/\/+$/, '') + PIXEL,
    _appId: c.appId,
    _max: c.maxGetBytes,
    _off: off,
    _id: identity(off ? '' : c.cookieDomain || (c.discoverRootDomain ? rootDomain() : ''), c.sessionTimeout || 1800),
    _links: c.linkDomains || [],
    _anon: !!c.anonymousTracking,
    _ctx: [],
  };
  trackers.set(name, t);
  if (off) return;
  if (t._anon) forget(t._id);
  if (t._links.length) linker(t);
  if (!started) (started = true), start();
});
