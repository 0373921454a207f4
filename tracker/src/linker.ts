import { adopt, linkerValue } from './identity.ts';
import { linkOf } from './links.ts';
import { listen } from './listen.ts';
import { safe } from './safe.ts';
import type { Tracker } from './tracker.ts';

/**
 * Sets `_sp=value` in a URL's query, before any `#fragment`: one pass that either meets an
 * existing `_sp` (replaced, separator kept) or, failing that, the fragment or the end.
 */
export const decorate = (href: string, value: string): string =>
  href.replace(/[?&]_sp=[^&#]*|(?=#|$)/, (m) => (m[0] || (/\?/.test(href.split('#')[0]!) ? '&' : '?')) + '_sp=' + value);

/**
 * The cross-domain linker (tracker-protocol.md §8): a page opened with a fresh `_sp` adopts its
 * ids, and links to `linkDomains` get the current ids when pressed (mousedown covers the middle
 * button and "open in new tab"; click covers the keyboard). The ETL reads the same `_sp` from
 * the page URL into `refr_domain_userid`/`refr_dvce_tstamp`.
 */
export function linker(t: Tracker): void {
  const m = /[?&]_sp=([^&#]*)/.exec(location.search);
  if (m && !t._anon) adopt(t._id, m[1]!, Date.now());
  const press = safe((e: Event) => {
    const a = linkOf(e);
    if (a && !t._anon && t._id._name && t._links.some((h) => ('.' + a.hostname).endsWith('.' + h))) a.href = decorate(a.href, linkerValue(t._id, Date.now()));
  });
  listen('mousedown click', press);
}
