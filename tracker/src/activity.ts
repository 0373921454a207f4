import { title, track } from './event.ts';
import { listen } from './listen.ts';
import { ignored } from './safe.ts';
import { method } from './tracker.ts';
import type { ActivityTrackingConfig } from './types.ts';


/**
 * Page pings (`e=pp`): after each page view, one after `minimumVisitLength` seconds and then one
 * every `heartbeatDelay` seconds, each only if the visitor was active since the last, with the
 * scroll range seen meanwhile (`pp_mix`…`pp_may`). Call it before `trackPageView`, as with
 * Snowplow: each page view (re)starts the timers.
 */
// The page view reaches the timers through the tracker's `_pings` hook, so pageview.ts does not import this file.
export const enableActivityTracking: (config: ActivityTrackingConfig, trackerNames?: readonly string[]) => void = method((t, c: ActivityTrackingConfig) => {
  if (!(c.minimumVisitLength >= 0 && c.heartbeatDelay > 0)) return ignored('bad heartbeatDelay or minimumVisitLength');
  let timer: ReturnType<typeof setTimeout>;
  let active = false;
  /** Scroll offsets since the last ping: min x, max x, min y, max y. */
  let range: number[] = [];
  const scroll = (reset?: 1): void => {
    const x = Math.round(scrollX);
    const y = Math.round(scrollY);
    const [minX = x, maxX = x, minY = y, maxY = y] = reset ? [] : range;
    range = [Math.min(minX, x), Math.max(maxX, x), Math.min(minY, y), Math.max(maxY, y)];
  };
  const check = (): void => {
    if (!active) return;
    active = false;
    const [mix, max, miy, may] = range.map(String);
    track(t, 'pp', { page: title(t), pp_mix: mix, pp_max: max, pp_miy: miy, pp_may: may });
    scroll(1);
  };
  // What counts as a visitor being active: Snowplow's list, where pointer events stand for mouse, touch and pen alike.
  listen('pointerdown pointermove keydown scroll', () => ((active = true), scroll()));
  t._pings = () => {
    // clearInterval also clears a timeout: they share one list of timers (HTML spec).
    clearInterval(timer);
    active = false;
    scroll(1);
    timer = setTimeout(() => {
      check();
      timer = setInterval(check, c.heartbeatDelay * 1000);
    }, c.minimumVisitLength * 1000);
  };
});
