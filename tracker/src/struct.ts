import { track } from './event.ts';
import { ignored } from './safe.ts';
import { str } from './str.ts';
import { method } from './tracker.ts';
import type { StructEvent } from './types.ts';

/** A structured event (`e=se`, tracker-protocol.md §3.5); `category` and `action` are required. */
export const trackStructEvent: (event: StructEvent, trackerNames?: readonly string[]) => void = method((t, e: StructEvent) =>
  e.category && e.action
    ? track(t, 'se', { se_ca: e.category, se_ac: e.action, se_la: e.label, se_pr: e.property, se_va: str(e.value) }, e.context)
    : ignored('no category or action'),
);
