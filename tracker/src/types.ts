/**
 * The public types of the tracker, for both entries (the script tag and `firn/tracker`), and
 * the source of `dist/tracker/index.d.ts`. Options are named as in Snowplow's browser tracker
 * wherever the meaning is the same, so a site can switch with few edits.
 */

/** A self-describing JSON: an Iglu schema URI and its data (tracker-protocol.md §5). */
export interface SelfDescribingJson<T = Record<string, unknown>> {
  schema: string;
  data: T;
}

/** The hit an entity generator sees: the event's parameters, before `cx` is added. */
export type EventPayload = Readonly<Record<string, string | undefined>>;

/** A global entity: fixed, or made per event by a function (which may return none). */
export type GlobalContext = SelfDescribingJson | ((event: EventPayload) => SelfDescribingJson | readonly SelfDescribingJson[] | null | undefined);

export interface CommonEventProperties {
  /** Entities sent with this event only, along with the global ones (`cx`). */
  context?: readonly SelfDescribingJson[];
}

export interface PageViewEvent extends CommonEventProperties {
  /** Sent as `page`; defaults to `setDocumentTitle`'s value, then `document.title`. */
  title?: string;
}

export interface StructEvent extends CommonEventProperties {
  category: string;
  action: string;
  label?: string;
  property?: string;
  value?: number;
}

export interface SelfDescribingEvent extends CommonEventProperties {
  event: SelfDescribingJson;
}

export interface Transaction extends CommonEventProperties {
  orderId: string;
  total: number;
  affiliation?: string;
  tax?: number;
  shipping?: number;
  city?: string;
  state?: string;
  country?: string;
  currency?: string;
}

export interface TransactionItem {
  orderId: string;
  sku: string;
  price: number;
  name?: string;
  category?: string;
  quantity?: number;
  currency?: string;
}

export interface ActivityTrackingConfig {
  /** Seconds after a page view before the first page ping (sent only if the visitor was active). */
  minimumVisitLength: number;
  /** Seconds between later page pings, each sent only if the visitor was active since the last. */
  heartbeatDelay: number;
}

export interface LinkClickTrackingConfig {
  /** Track only links with one of these classes. */
  allow?: readonly string[];
  /** Never track links with one of these classes. */
  deny?: readonly string[];
}

export interface TrackerConfig {
  /** Sent as `aid`. */
  appId?: string;
  /** Cookie `Domain`, e.g. `example.com` to share ids with every subdomain. Default: host-only cookies. */
  cookieDomain?: string;
  /** Finds the highest domain that accepts a cookie (e.g. `example.com` on `www.example.com`) and uses it as `cookieDomain`. */
  discoverRootDomain?: boolean;
  /** Seconds of inactivity after which the next event starts a new session. Default 1800. */
  sessionTimeout?: number;
  /** Start in anonymous mode: no cookies, no `duid`/`sid`/`vid`/`uid` (see `enableAnonymousTracking`). */
  anonymousTracking?: boolean;
  /** Track nothing and set no cookie when the browser sends Do Not Track. */
  respectDoNotTrack?: boolean;
  /** Track nothing and set no cookie when the browser sends Global Privacy Control. */
  respectGlobalPrivacyControl?: boolean;
  /**
   * Cross-domain linker: clicks on links to these hosts (or their subdomains) carry
   * `_sp=<duid>.<ms>.<sid>`, and a page opened with a fresh `_sp` adopts those ids.
   */
  linkDomains?: readonly string[];
  /** Longest request URL, in bytes; longer events are compressed, then fragmented (docs/protocol.md). Default 2000, at most 8192. */
  maxGetBytes?: number;
  /** Most events kept for delivery; beyond it the oldest are dropped and counted. Default 1000. Shared by all trackers. */
  maxQueueSize?: number;
  /** Seconds an undelivered event is retried before it is dropped and counted. Default 604800 (7 days). Shared by all trackers. */
  maxAge?: number;
}

/** Delivery counters of this page (`getQueueStats`); `pending` counts the whole outbox, every tab's. */
export interface QueueStats {
  /** Events stored and not yet delivered. */
  pending: number;
  /** Events whose pixels loaded. */
  sent: number;
  /** Failed attempts, each retried later. */
  failed: number;
  /** Events dropped after `maxAge`. */
  expired: number;
  /** Oldest events dropped because the queue exceeded `maxQueueSize`. */
  evicted: number;
  /** Events dropped because they needed more than 1000 fragments. */
  oversized: number;
  /** `true` once IndexedDB failed and events are kept in memory only. */
  memory: boolean;
}

/**
 * What debug mode posts on `BroadcastChannel('firn-debug')` (and logs): `track` with each event's
 * payload; a delivery outcome with the event id (and, once sent, its request URLs); `ignored`
 * for the events of a tracker the visitor opted out of.
 */
export type DebugMessage = { readonly [K in keyof DebugData]: { readonly kind: K; readonly data: DebugData[K] } }[keyof DebugData];

interface Outcome {
  readonly eid: string;
  readonly urls?: readonly string[];
}

export interface DebugData {
  track: EventPayload;
  sent: Outcome;
  failed: Outcome;
  expired: Outcome;
  evicted: Outcome;
  oversized: Outcome;
  ignored: { readonly tracker: string; readonly reason: string };
}
