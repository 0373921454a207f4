/**
 * The Snowplow tracker protocol, GET form: every querystring parameter, how its value is
 * checked and converted, and which canonical column it fills.
 * Source: ../shared/reference/tracker-protocol.md §3–§4.
 *
 * The tracker types its payload with `ParamKey`, the parser's lookup table is generated
 * from `PARAMS`, and the inspector labels hits with `label`.
 */
import type { ColumnName } from './columns.ts';

/**
 * How a parameter's decoded value becomes column text. Each kind is implemented once, in
 * the parser (`wasm/assembly/kinds.ts`); a value that fails its kind's check is a bad-row reason.
 */
export const PARAM_KINDS = [
  'text', // TSV-safe text
  'url', // text with spaces written %20, as the classic ETL stored URLs
  'int', // signed 32-bit integer
  'uuid', // UUID, stored lower-cased
  'ms', // ms since the Unix epoch → `YYYY-MM-DD HH:MM:SS.mmm` UTC
  'dims', // `WxH` → two int columns
  'bool', // `1` / `0`
  'decimal', // plain decimal notation
  'double', // any finite number
  'event', // event code (`EVENT_TYPES`)
  'platform', // platform code (`PLATFORMS`)
  'json', // JSON text
  'base64json', // base64url of JSON text
  'ip', // first address of a list
  'anonymize', // `1`: mask the whole IP address of this hit
  'none', // known, carries no column
] as const;
export type ParamKind = (typeof PARAM_KINDS)[number];

export interface Param {
  readonly key: string;
  readonly kind: ParamKind;
  /** Columns filled, in order (`dims` fills two). */
  readonly columns: readonly ColumnName[];
  /** Among parameters filling the same column, the higher wins; equal: the last one in the query. */
  readonly priority: number;
  readonly label: string;
}

// Generic in the key, so `ParamKey` is the union of the literal keys, not `string`.
const p = <const K extends string>(key: K, kind: ParamKind, columns: ColumnName | readonly ColumnName[] | null, label: string, priority = 1): Param & { readonly key: K } => ({
  key,
  kind,
  columns: columns === null ? [] : typeof columns === 'string' ? [columns] : columns,
  priority,
  label,
});

export const PARAMS = [
  // §3.1 event, application, versions
  p('e', 'event', 'event', 'Event type'),
  p('eid', 'uuid', 'event_id', 'Event id'),
  p('tv', 'text', 'v_tracker', 'Tracker version'),
  p('tna', 'text', 'name_tracker', 'Tracker namespace'),
  p('aid', 'text', 'app_id', 'Application id'),
  p('p', 'platform', 'platform', 'Platform'),
  p('tid', 'int', 'txn_id', 'Transaction id (deprecated)'),
  p('cv', 'text', 'v_collector', 'Collector version'),
  p('evn', 'none', null, 'Event vendor (deprecated)'),
  p('u', 'none', null, 'Redirect target'),
  // §3.2 time
  p('dtm', 'ms', 'dvce_created_tstamp', 'Device created time'),
  p('stm', 'ms', 'dvce_sent_tstamp', 'Device sent time'),
  p('ttm', 'ms', 'true_tstamp', 'True time'),
  p('tz', 'text', 'os_timezone', 'Time zone'),
  // §3.3 user, session, identity
  p('duid', 'text', 'domain_userid', 'Domain user id'),
  p('sid', 'uuid', 'domain_sessionid', 'Session id'),
  p('vid', 'int', 'domain_sessionidx', 'Session index'),
  p('uid', 'text', 'user_id', 'User id'),
  p('nuid', 'text', 'network_userid', 'Network user id'),
  p('tnuid', 'text', 'network_userid', 'Network user id override', 2),
  p('ip', 'ip', 'user_ipaddress', 'IP address override'),
  p('ua', 'text', 'useragent', 'User-Agent override'),
  p('fp', 'text', 'user_fingerprint', 'Fingerprint (deprecated)'),
  // §3.4 page, document, browser, device
  p('url', 'url', 'page_url', 'Page URL'),
  p('page', 'text', 'page_title', 'Page title'),
  p('refr', 'url', 'page_referrer', 'Referrer'),
  p('lang', 'text', 'br_lang', 'Browser language'),
  p('cs', 'text', 'doc_charset', 'Document charset'),
  p('res', 'dims', ['dvce_screenwidth', 'dvce_screenheight'], 'Screen resolution'),
  p('vp', 'dims', ['br_viewwidth', 'br_viewheight'], 'Viewport size'),
  p('ds', 'dims', ['doc_width', 'doc_height'], 'Document size'),
  p('cd', 'text', 'br_colordepth', 'Colour depth'),
  p('cookie', 'bool', 'br_cookies', 'Cookies enabled'),
  p('f_pdf', 'bool', 'br_features_pdf', 'PDF plugin'),
  p('f_fla', 'bool', 'br_features_flash', 'Flash plugin'),
  p('f_java', 'bool', 'br_features_java', 'Java plugin'),
  p('f_dir', 'bool', 'br_features_director', 'Director plugin'),
  p('f_qt', 'bool', 'br_features_quicktime', 'QuickTime plugin'),
  p('f_realp', 'bool', 'br_features_realplayer', 'RealPlayer plugin'),
  p('f_wma', 'bool', 'br_features_windowsmedia', 'Windows Media plugin'),
  p('f_gears', 'bool', 'br_features_gears', 'Gears plugin'),
  p('f_ag', 'bool', 'br_features_silverlight', 'Silverlight plugin'),
  p('ctype', 'none', null, 'Connection type'),
  p('mac', 'none', null, 'MAC address'),
  // §3.5 structured event, and the 2012 names
  p('se_ca', 'text', 'se_category', 'Category'),
  p('se_ac', 'text', 'se_action', 'Action'),
  p('se_la', 'text', 'se_label', 'Label'),
  p('se_pr', 'text', 'se_property', 'Property'),
  p('se_va', 'double', 'se_value', 'Value'),
  p('ev_ca', 'text', 'se_category', 'Category (2012)'),
  p('ev_ac', 'text', 'se_action', 'Action (2012)'),
  p('ev_la', 'text', 'se_label', 'Label (2012)'),
  p('ev_pr', 'text', 'se_property', 'Property (2012)'),
  p('ev_va', 'double', 'se_value', 'Value (2012)'),
  // §3.6 ecommerce
  p('tr_id', 'text', 'tr_orderid', 'Order id'),
  p('tr_af', 'text', 'tr_affiliation', 'Affiliation'),
  p('tr_tt', 'decimal', 'tr_total', 'Total'),
  p('tr_tx', 'decimal', 'tr_tax', 'Tax'),
  p('tr_sh', 'decimal', 'tr_shipping', 'Shipping'),
  p('tr_ci', 'text', 'tr_city', 'City'),
  p('tr_st', 'text', 'tr_state', 'State'),
  p('tr_co', 'text', 'tr_country', 'Country'),
  p('tr_cu', 'text', 'tr_currency', 'Currency'),
  p('ti_id', 'text', 'ti_orderid', 'Item order id'),
  p('ti_sk', 'text', 'ti_sku', 'SKU'),
  p('ti_nm', 'text', 'ti_name', 'Item name'),
  p('ti_na', 'text', 'ti_name', 'Item name (2012)'),
  p('ti_ca', 'text', 'ti_category', 'Item category'),
  p('ti_pr', 'decimal', 'ti_price', 'Item price'),
  p('ti_qu', 'int', 'ti_quantity', 'Quantity'),
  p('ti_cu', 'text', 'ti_currency', 'Item currency'),
  // §3.7 page ping
  p('pp_mix', 'int', 'pp_xoffset_min', 'Min horizontal scroll'),
  p('pp_max', 'int', 'pp_xoffset_max', 'Max horizontal scroll'),
  p('pp_miy', 'int', 'pp_yoffset_min', 'Min vertical scroll'),
  p('pp_may', 'int', 'pp_yoffset_max', 'Max vertical scroll'),
  // §3.8 self-describing event and entities
  p('ue_pr', 'json', 'unstruct_event', 'Self-describing event (JSON)'),
  p('ue_px', 'base64json', 'unstruct_event', 'Self-describing event (base64)'),
  p('co', 'json', 'contexts', 'Entities (JSON)'),
  p('cx', 'base64json', 'contexts', 'Entities (base64)'),
  // Firn's extension for payloads beyond the URL limit (docs/protocol.md): read by the parser
  // before any other parameter, never mapped to a column themselves.
  p('fx_e', 'none', null, 'Extension: data encoding (z: deflate-raw, b: plain)'),
  p('fx_d', 'none', null, 'Extension: base64url payload, or a piece of it'),
  p('fx_i', 'none', null, 'Extension: fragment index (1-based)'),
  p('fx_n', 'none', null, 'Extension: fragment count'),
  // A pixel GET cannot carry Snowplow's SP-Anonymous header: anonymous tracking says it here.
  p('fx_a', 'anonymize', null, 'Extension: anonymous hit, IP address masked'),
] as const satisfies readonly Param[];

/** Limits of the URL-length extension (docs/protocol.md §1, §3). */
export const MAX_GET_BYTES_DEFAULT = 2000;
export const MAX_GET_BYTES_LIMIT = 8192;
export const MAX_FRAGMENTS = 1000;

/** A querystring key the protocol defines; the tracker's payload is typed with it. */
export type ParamKey = (typeof PARAMS)[number]['key'];

/** A hit's parameters as the tracker builds them, before percent-encoding. */
export type Payload = Partial<Record<ParamKey, string>>;

export interface EventType {
  readonly event: string;
  /** Iglu schema parts for `event_vendor`/`event_name`/`event_format`/`event_version`; null when taken from the event itself (`ue`) or none exists (`ad`). */
  readonly schema: readonly [vendor: string, name: string, format: string, version: string] | null;
}

const sp = (name: string) => ['com.snowplowanalytics.snowplow', name, 'jsonschema', '1-0-0'] as const;

/** `e` codes (tracker-protocol.md §3.1, enrichments.md §3). */
export const EVENT_TYPES = {
  pv: { event: 'page_view', schema: sp('page_view') },
  pp: { event: 'page_ping', schema: sp('page_ping') },
  se: { event: 'struct', schema: ['com.google.analytics', 'event', 'jsonschema', '1-0-0'] },
  ue: { event: 'unstruct', schema: null },
  tr: { event: 'transaction', schema: sp('transaction') },
  ti: { event: 'transaction_item', schema: sp('transaction_item') },
  ev: { event: 'struct', schema: ['com.google.analytics', 'event', 'jsonschema', '1-0-0'] }, // 2012 name of `se`
  ad: { event: 'ad_impression', schema: null }, // legacy; no schema exists
} as const satisfies Readonly<Record<string, EventType>>;

export type EventCode = keyof typeof EVENT_TYPES;

/** `p` codes (tracker-protocol.md §3.1). */
export const PLATFORMS = ['web', 'mob', 'pc', 'srv', 'app', 'tv', 'cnsl', 'iot'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The pixel paths that carry tracker hits (cloudfront-log-format.md §5). */
export const PIXEL_PATH = '/i';
export const LEGACY_PIXEL_PATH = '/ice.png';
