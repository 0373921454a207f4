import type { Payload } from '../../contract/index.ts';
import { getCookie, setCookie } from './cookie.ts';
import { sha1 } from './sha1.ts';
import { uuid } from './uuid.ts';

/** Snowplow's defaults (tracker-protocol.md §7): the id cookie lives 2 years, a session 30 minutes of inactivity. */
const ID_LIFETIME = 63072000;
const SESSION_LIFETIME = 1800;

/**
 * Reads and renews the `_sp_id.<hash>` / `_sp_ses.<hash>` cookies and returns the ids an
 * event carries. The id cookie is `duid.created.vid.now.prev.sid` (seconds); Snowplow's
 * fields 7–10 are not written yet, and cookies that have them are read by their first six.
 */
export function identify(nowMs: number): Payload {
  // Snowplow hashes cookie domain + path; Firn sets host-only cookies on `/`.
  const hash = sha1(location.hostname + '/').slice(0, 4);
  const idName = '_sp_id.' + hash;
  const sesName = '_sp_ses.' + hash;
  const now = String(Math.round(nowMs / 1000));
  const old = getCookie(idName).split('.');
  const id = [old[0] || uuid(), old[1] || now, old[2] || '0', old[3] || '', old[4] || '', old[5] || ''];
  if (!getCookie(sesName) || !id[5]) {
    // A new session: count the visit, shift "now" to "previous", new session id.
    id[2] = String((parseInt(id[2]!) || 0) + 1);
    id[4] = id[3]!;
    id[3] = now;
    id[5] = uuid();
  }
  setCookie(idName, id.join('.'), ID_LIFETIME);
  setCookie(sesName, '*', SESSION_LIFETIME);
  return { duid: id[0], vid: id[2], sid: id[5] };
}
