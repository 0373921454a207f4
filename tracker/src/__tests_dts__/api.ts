/**
 * Type tests, checked by `npx tsc -p tracker` (nothing here runs). Each `@ts-expect-error`
 * fails the check if the line it guards ever compiles.
 */
import type { ParamKey, Payload } from '../../../contract/index.ts';
import {
  addGlobalContexts,
  addItem,
  addTrans,
  debug,
  enableActivityTracking,
  enableLinkClickTracking,
  flush,
  getQueueStats,
  newSession,
  newTracker,
  removeGlobalContexts,
  setCustomUrl,
  setUserId,
  trackPageView,
  trackSelfDescribingEvent,
  trackStructEvent,
  trackTrans,
  type DebugMessage,
  type PageViewEvent,
  type QueueStats,
  type SelfDescribingJson,
  type TrackerConfig,
} from '../index.ts';
import type { Pending } from '../pending.ts';
import { track } from '../event.ts';
import type { Tracker } from '../tracker.ts';

type IsExact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exact = <T extends true>(): T => true as T;

newTracker('sp', 'https://c.example.com', { appId: 'demo', cookieDomain: 'example.com', maxGetBytes: 4000, linkDomains: ['shop.example'] });
newTracker('sp', 'c.example.com');
trackPageView();
trackPageView({ title: 'Home', context: [{ schema: 'iglu:com.example/x/jsonschema/1-0-0', data: {} }] });
trackPageView({}, ['sp', 'b']);
trackStructEvent({ category: 'c', action: 'a', value: 1.5 });
trackSelfDescribingEvent({ event: { schema: 'iglu:com.example/x/jsonschema/1-0-0', data: { a: 1 } } });
addTrans({ orderId: 'o', total: 10 });
addItem({ orderId: 'o', sku: 's', price: 10 });
trackTrans();
trackTrans(undefined, ['sp']);
enableActivityTracking({ minimumVisitLength: 10, heartbeatDelay: 10 });
enableLinkClickTracking({ deny: ['no-track'] });
addGlobalContexts([{ schema: 'iglu:com.example/x/jsonschema/1-0-0', data: {} }, (e) => (e['e'] === 'pv' ? { schema: 'iglu:com.example/y/jsonschema/1-0-0', data: {} } : null)]);
removeGlobalContexts([]);
setUserId(null);
setCustomUrl('/x');
newSession();
debug(true);
exact<IsExact<ReturnType<typeof trackPageView>, void>>();
exact<IsExact<ReturnType<typeof flush>, Promise<void>>>();
exact<IsExact<ReturnType<typeof getQueueStats>, Promise<QueueStats>>>();
exact<IsExact<keyof QueueStats, 'pending' | 'sent' | 'failed' | 'expired' | 'evicted' | 'oversized' | 'memory'>>();
exact<IsExact<PageViewEvent, { title?: string; context?: readonly SelfDescribingJson[] }>>();
exact<IsExact<DebugMessage['kind'], 'track' | 'sent' | 'failed' | 'expired' | 'evicted' | 'oversized' | 'ignored'>>();
exact<IsExact<TrackerConfig['maxGetBytes'], number | undefined>>();

// @ts-expect-error a page view has no `url` option (setCustomUrl sets it)
trackPageView({ url: '/x' });
// @ts-expect-error the endpoint is required
newTracker('sp');
// @ts-expect-error category and action are required
trackStructEvent({ category: 'c' });
// @ts-expect-error an item needs its price
addItem({ orderId: 'o', sku: 's' });
// @ts-expect-error entities are self-describing JSON
trackPageView({ context: [{ data: {} }] });

// The payload only takes keys the protocol defines.
const payload: Payload = { e: 'pv', url: 'https://example.com/', stm: '1', fx_e: 'z' };
const stored: Pending = { u: '/i', p: payload };
export { stored };

exact<IsExact<string extends ParamKey ? 'wide' : 'narrow', 'narrow'>>();
// @ts-expect-error `pageTitle` is not a protocol parameter (`page` is)
const notAParam: Payload = { pageTitle: 'Home' };
// @ts-expect-error stored events keep the payload typed
const badStored: Pending = { u: '/i', p: { event: 'pv' } };
export { notAParam, badStored };

// Event codes come from the contract too.
declare const tracker: Tracker;
track(tracker, 'pv', {});
// @ts-expect-error `page_view` is the enriched name; the wire code is `pv`
track(tracker, 'page_view', {});
