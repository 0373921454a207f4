import { newTracker, trackPageView, type PageViewEvent, type TrackerConfig } from './tracker.ts';
import { safe, warn } from './safe.ts';

/** The script-tag API: a method name, then its arguments; `:a;b` after the name picks trackers. */
const methods: Readonly<Record<string, (args: unknown[], trackers?: string[]) => void>> = {
  newTracker: (a) => newTracker(a[0] as string, a[1] as string, a[2] as TrackerConfig),
  trackPageView: (a, t) => trackPageView(a[0] as PageViewEvent, t),
};

/** Runs one `firn('<method>[:a;b]', …)` call. */
export const run = safe((call: Iterable<unknown>) => {
  const [command, ...args] = call;
  const [name = '', names] = String(command).split(':');
  const method = methods[name];
  method ? method(args, names ? names.split(';') : undefined) : warn('unknown method', command);
});
