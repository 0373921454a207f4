/**
 * The enrichments, in the classic ETL's order (enrichments.md §1); each can be switched off.
 * URLs are always split, because campaign, linker and referer read the parts; with URL splitting
 * off the parts are cleared again before the row is written. What the page URL alone decides,
 * and what the referrer and the page's host decide, is memoized (memo.ts).
 */
import { Flag, enabled } from './config';
import { errorCount } from './errors';
import { Col } from './generated/contract';
import { anonymousHit } from './kinds';
import { readPageQuery } from './campaign';
import { classifyReferer } from './referer';
import { fillFingerprint } from './fingerprint';
import { anonymizeIp } from './ipanon';
import { classifyUserAgent } from './useragent';
import { pairsOverflow } from './pairs';
import { splitUrl } from './urlsplit';
import { clearSlot, slotLen, slotPtr } from './slots';
import { Memo, allocateMemo, recall, remember } from './memo';

/** Columns the page URL alone decides: its parts, campaign, click id and cross-domain linker. */
const PAGE_COLUMNS: usize = memory.data<i32>([
  Col.page_urlscheme, Col.page_urlhost, Col.page_urlport, Col.page_urlpath, Col.page_urlquery, Col.page_urlfragment,
  Col.mkt_medium, Col.mkt_source, Col.mkt_term, Col.mkt_content, Col.mkt_campaign, Col.mkt_clickid, Col.mkt_network,
  Col.refr_domain_userid, Col.refr_dvce_tstamp,
]);
const PAGE_COLUMN_COUNT: i32 = 15;
/** Columns the referrer and the page's host decide: the referrer's parts and its classification. */
const REFERER_COLUMNS: usize = memory.data<i32>([
  Col.refr_urlscheme, Col.refr_urlhost, Col.refr_urlport, Col.refr_urlpath, Col.refr_urlquery, Col.refr_urlfragment,
  Col.refr_medium, Col.refr_source, Col.refr_term,
]);
const REFERER_COLUMN_COUNT: i32 = 9;

export let pageMemo!: Memo;
export let refererMemo!: Memo;

/** Called once, with the parser's other buffers (about 650 KB); URLs longer than about 400 bytes are never memoized. */
export function allocateEnrichmentMemos(): void {
  pageMemo = allocateMemo(1024, 512);
  refererMemo = allocateMemo(256, 512);
}

export function enrich(collapse: bool): void {
  enrichPage();
  enrichReferer();
  if (enabled(Flag.userAgent)) classifyUserAgent();
  if (enabled(Flag.fingerprint) && !pairsOverflow) fillFingerprint(collapse);
  if (!enabled(Flag.urlSplit)) for (let c = Col.page_urlscheme; c <= Col.refr_urlfragment; c++) clearSlot(c);
  anonymizeIp(anonymousHit);
}

function enrichPage(): void {
  const url = slotPtr(Col.page_url);
  const n = <usize>slotLen(Col.page_url);
  if (n == 0 || recall(pageMemo, url, n, 0, 0)) return;
  const errors = errorCount;
  splitUrl(url, n, Col.page_urlscheme);
  readPageQuery();
  if (errorCount == errors) remember(pageMemo, PAGE_COLUMNS, PAGE_COLUMN_COUNT); // a bad linker is reported every time
}

function enrichReferer(): void {
  const refr = slotPtr(Col.page_referrer);
  const n = <usize>slotLen(Col.page_referrer);
  if (n == 0) return;
  const host = slotPtr(Col.page_urlhost);
  const hostLen = <usize>slotLen(Col.page_urlhost);
  if (recall(refererMemo, refr, n, host, hostLen)) return;
  splitUrl(refr, n, Col.refr_urlscheme);
  if (enabled(Flag.referer)) classifyReferer();
  remember(refererMemo, REFERER_COLUMNS, REFERER_COLUMN_COUNT);
}
