/**
 * Type tests, checked by `npx tsc -p tracker` (nothing here runs). Each `@ts-expect-error`
 * fails the check if the line it guards ever compiles.
 */
import type { ParamKey, Payload } from '../../../contract/index.ts';
import { newTracker, trackPageView, type PageViewEvent, type TrackerConfig } from '../index.ts';
import type { Pending } from '../pending.ts';
import { track } from '../event.ts';
import type { Tracker } from '../tracker.ts';

type IsExact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exact = <T extends true>(): T => true as T;

newTracker('sp', 'https://c.example.com', { appId: 'demo' });
newTracker('sp', 'c.example.com');
trackPageView();
trackPageView({ title: 'Home' });
trackPageView({}, ['sp', 'b']);
exact<IsExact<ReturnType<typeof trackPageView>, void>>();
exact<IsExact<PageViewEvent, { title?: string }>>();
exact<IsExact<TrackerConfig, { appId?: string }>>();

// @ts-expect-error a page view has no `url` option yet
trackPageView({ url: '/x' });
// @ts-expect-error the endpoint is required
newTracker('sp');

// The payload only takes keys the protocol defines.
const payload: Payload = { e: 'pv', url: 'https://example.com/', stm: '1' };
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
