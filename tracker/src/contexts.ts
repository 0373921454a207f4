import { base64Json } from './base64.ts';
import { snowplow } from './iglu.ts';
import { warn } from './safe.ts';
import { method, type Tracker } from './tracker.ts';
import type { EventPayload, GlobalContext, SelfDescribingJson } from './types.ts';

/** Adds entities sent with every event of the tracker: fixed ones, or generators called per event. */
export const addGlobalContexts: (contexts: readonly GlobalContext[], trackerNames?: readonly string[]) => void = method((t, contexts: readonly GlobalContext[]) =>
  t._ctx.push(...contexts),
);

const same = (a: GlobalContext, b: GlobalContext): boolean => a === b || (typeof a == 'object' && JSON.stringify(a) == JSON.stringify(b));

/** Removes global entities: the same generator function, or an entity with the same JSON. */
export const removeGlobalContexts: (contexts: readonly GlobalContext[], trackerNames?: readonly string[]) => void = method((t, contexts: readonly GlobalContext[]) => {
  t._ctx = t._ctx.filter((c) => !contexts.some((r) => same(r, c)));
});

/** `cx` for an event: its own entities, then the global ones. A generator that throws is skipped with a warning. */
export function entities(t: Tracker, payload: EventPayload, own: readonly SelfDescribingJson[] = []): string | undefined {
  const all = [
    ...own,
    ...t._ctx.flatMap((c) => {
      try {
        return typeof c == 'function' ? c(payload) : c;
      } catch (e) {
        warn(e);
      }
    }),
  ].filter(Boolean);
  return all.length ? base64Json(snowplow('contexts', '1-0-0', all)) : undefined;
}
