import { getCookie, setCookie } from './cookie.ts';

const PROBE = '_sp_root';

/**
 * `discoverRootDomain`: the highest domain that accepts a cookie, tried from the top
 * (`example.co.uk` is refused as a public suffix, `shop.example.co.uk` is accepted), as
 * Snowplow's trackers do. Runs once per tracker, at `newTracker`, never on the tracking path.
 */
export function rootDomain(): string {
  const parts = location.hostname.split('.');
  for (let i = parts.length - 2; i >= 0; i--) {
    const domain = parts.slice(i).join('.');
    setCookie(PROBE, '1', 9, domain);
    if (getCookie(PROBE)) return setCookie(PROBE, '', 0, domain), domain;
  }
  return location.hostname;
}
