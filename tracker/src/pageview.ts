import { title, track } from './event.ts';
import { method } from './tracker.ts';
import type { PageViewEvent } from './types.ts';

/** Sends a page view (`e=pv`), and restarts page pings when activity tracking is on. */
export const trackPageView: (event?: PageViewEvent | null, trackerNames?: readonly string[]) => void = method((t, event?: PageViewEvent | null) => {
  track(t, 'pv', { page: (event && event.title) || title(t) }, event ? event.context : undefined);
  t._pings && t._pings();
});
