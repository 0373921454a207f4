import { listen } from './listen.ts';
import { safe } from './safe.ts';
import { trackEvent } from './selfdescribing.ts';
import { snowplow } from './iglu.ts';
import { method, type Tracker } from './tracker.ts';
import type { LinkClickTrackingConfig } from './types.ts';

/** The link under a click: HTML links only (an SVG `<a>` has no string `href`). */
export const linkOf = (e: Event): HTMLAnchorElement | undefined => {
  const target = e.target as Element;
  const a = target.closest && target.closest('a');
  return a instanceof HTMLAnchorElement && a.href ? a : undefined;
};

function click(t: Tracker, e: MouseEvent): void {
  const a = linkOf(e);
  const { allow, deny } = t._clicks!;
  // Class lists as selectors: `.a,.b` matches a link with either class.
  const has = (classes: readonly string[]): boolean => a!.matches('.' + classes.join(',.'));
  // Primary and middle clicks open links; a right click only opens a menu.
  if (a && e.button < 2 && (!allow || has(allow)) && !(deny && has(deny)))
    trackEvent(
      t,
      snowplow('link_click', '1-0-1', {
        targetUrl: a.href,
        elementId: a.id || undefined,
        elementClasses: [...a.classList],
        elementTarget: a.target || undefined,
      }),
    );
}

/**
 * Link clicks as Snowplow's `link_click` self-describing event. `allow`/`deny` are class names,
 * like Snowplow's allowlist/denylist. Calling it again replaces the filter.
 */
export const enableLinkClickTracking: (config?: LinkClickTrackingConfig | null, trackerNames?: readonly string[]) => void = method((t, c?: LinkClickTrackingConfig | null) => {
  const first = !t._clicks;
  t._clicks = c || {};
  if (first) {
    listen(
      'click auxclick',
      safe((e: Event) => click(t, e as MouseEvent)),
    );
  }
});
