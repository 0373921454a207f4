import type { EventCode, Payload, Platform } from '../../contract/index.ts';
import { entities } from './contexts.ts';
import { report } from './debug.ts';
import { deliver } from './deliver.ts';
import { identify } from './identity.ts';
import type { Tracker } from './tracker.ts';
import type { SelfDescribingJson } from './types.ts';
import { safe } from './safe.ts';
import { uuid } from './uuid.ts';

/** Every event carries the script version (STYLE rule 7). */
export const TRACKER_VERSION = 'js-firn-' + __FIRN_VERSION__;
const PLATFORM: Platform = 'web';

/** Resolving the time zone builds an `Intl.DateTimeFormat` (about 0.5 ms in Chromium): once per page, after the first call returned. */
let timeZone: string | undefined;
/**
 * `innerWidth` forces a layout when styles are dirty, and the first `screen.width` of a page
 * costs about 0.2 ms (Chromium asks the browser process), so both are read at load and on
 * resize (a window moving to another screen resizes too), never inside a call.
 */
let viewport = '';
let resolution = '';
const measure = (): void => {
  viewport = innerWidth + 'x' + innerHeight;
  resolution = screen.width + 'x' + screen.height;
};
measure();
addEventListener('resize', measure);

/** `page`: `setDocumentTitle`'s value, else the document's. */
export const title = (t: Tracker): string => t._title || document.title;

/**
 * Builds an event with the fields every web event carries, then hands it to delivery. What
 * reflects the moment (time, URL, title, ids, entities) is read now; the rest of the work
 * (storage, encoding, the request) happens after the call returns.
 * The payload is typed by the protocol contract, so a key it does not define fails to compile.
 */
export function track(t: Tracker, e: EventCode, fields: Payload, context?: readonly SelfDescribingJson[]): void {
  if (t._off) return report('ignored', { tracker: t._name, reason: t._off });
  const now = Date.now();
  const eid = uuid();
  const payload: Payload = {
    e,
    eid,
    tv: TRACKER_VERSION,
    tna: t._name,
    aid: t._appId,
    p: PLATFORM,
    dtm: '' + now,
    lang: navigator.language,
    cs: document.characterSet,
    res: resolution,
    vp: viewport,
    refr: t._refr || document.referrer,
    ...fields,
    url: t._url || location.href,
  };
  payload.cx = entities(t, payload, context);
  const anonymous = t._anon;
  const uid = t._uid;
  // The ids are added once the cookie names are known (identity.ts), in call order, and the time
  // zone with them; anonymous tracking sends no id at all (no cookie id, no session, no user id)
  // and asks for its IP address to be masked (`fx_a`, docs/protocol.md §5).
  t._id._ready.then(
    safe(() => {
      payload.tz = timeZone ||= Intl.DateTimeFormat().resolvedOptions().timeZone;
      Object.assign(payload, anonymous ? { fx_a: '1' } : { ...identify(t._id, now, eid), uid });
      report('track', payload);
      deliver({ u: t._pixel, p: payload, m: t._max });
    }),
  );
}
