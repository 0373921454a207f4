import type { EventCode, Payload, Platform } from '../../contract/index.ts';
import { deliver } from './deliver.ts';
import { identify } from './identity.ts';
import type { Tracker } from './tracker.ts';
import { uuid } from './uuid.ts';

/** Every event carries the script version (STYLE rule 7). */
const TRACKER_VERSION = 'js-firn-' + __FIRN_VERSION__;
const PLATFORM: Platform = 'web';

/**
 * Builds an event with the fields every web event carries, then hands it to delivery.
 * The payload is typed by the protocol contract, so a key it does not define fails to compile.
 */
export function track(tracker: Tracker, e: EventCode, fields: Payload): void {
  const now = Date.now();
  const payload: Payload = {
    e,
    eid: uuid(),
    tv: TRACKER_VERSION,
    tna: tracker._name,
    aid: tracker._appId,
    p: PLATFORM,
    dtm: String(now),
    tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
    lang: navigator.language,
    cs: document.characterSet,
    res: screen.width + 'x' + screen.height,
    vp: innerWidth + 'x' + innerHeight,
    refr: document.referrer,
    ...identify(now),
    ...fields,
    url: location.href,
  };
  deliver({ u: tracker._pixel, p: payload });
}
