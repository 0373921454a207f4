import { base64Json } from './base64.ts';
import { track } from './event.ts';
import { snowplow } from './iglu.ts';
import { ignored } from './safe.ts';
import { method, type Tracker } from './tracker.ts';
import type { SelfDescribingEvent, SelfDescribingJson } from './types.ts';

/** `e=ue` with the event in `ue_px`, base64url of the `unstruct_event` envelope (tracker-protocol.md §5). */
export const trackEvent = (t: Tracker, event: SelfDescribingJson, context?: readonly SelfDescribingJson[]): void =>
  track(t, 'ue', { ue_px: base64Json(snowplow('unstruct_event', '1-0-0', event)) }, context);

/** A self-describing event; `event.schema` is required. */
export const trackSelfDescribingEvent: (event: SelfDescribingEvent, trackerNames?: readonly string[]) => void = method((t, e: SelfDescribingEvent) =>
  e.event && e.event.schema ? trackEvent(t, e.event, e.context) : ignored('no event.schema'),
);
