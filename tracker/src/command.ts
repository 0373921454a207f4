import { addGlobalContexts, removeGlobalContexts } from './contexts.ts';
import { enableActivityTracking } from './activity.ts';
import { disableAnonymousTracking, enableAnonymousTracking } from './anonymous.ts';
import { newTracker } from './create.ts';
import { debug } from './debug.ts';
import { flush, getQueueStats } from './deliver.ts';
import { addItem, addTrans, trackTrans } from './ecommerce.ts';
import { enableLinkClickTracking } from './links.ts';
import { trackPageView } from './pageview.ts';
import { safe, warn } from './safe.ts';
import { trackSelfDescribingEvent } from './selfdescribing.ts';
import { newSession } from './session.ts';
import { setCustomUrl, setDocumentTitle, setReferrerUrl, setUserId } from './setters.ts';
import { trackStructEvent } from './struct.ts';

/** The script-tag API: the same functions as `firn/tracker`, by name. */
const methods: Readonly<Record<string, (...args: never[]) => unknown>> = {
  // No prototype: `firn('constructor')` is an unknown method, not Object.
  __proto__: null as never,
  newTracker,
  trackPageView,
  trackStructEvent,
  trackSelfDescribingEvent,
  addTrans,
  addItem,
  trackTrans,
  enableActivityTracking,
  enableLinkClickTracking,
  addGlobalContexts,
  removeGlobalContexts,
  setUserId,
  setCustomUrl,
  setReferrerUrl,
  setDocumentTitle,
  newSession,
  enableAnonymousTracking,
  disableAnonymousTracking,
  flush,
  getQueueStats,
  debug,
};

/** Runs one `firn('<method>[:a;b]', …)` call: with tracker names, the method gets its one argument and the names. */
export const run = safe((call: Iterable<unknown>) => {
  const [command, ...args] = call;
  const [name = '', names] = String(command).split(':');
  const method = methods[name] as ((...a: unknown[]) => unknown) | undefined;
  method ? (names ? method(args[0], names.split(';')) : method(...args)) : warn('unknown method', command);
});
