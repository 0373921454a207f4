/**
 * The enrichments, in the classic ETL's order (enrichments.md §1); each can be switched off.
 * URLs are always split, because campaign, linker and referer read the parts; with URL splitting
 * off the parts are cleared again before the row is written. What the page URL (and title) decide,
 * and what the referrer and the page's host decide, is memoized (memo.ts).
 */
import { Flag, enabled } from './config';
import { errorCount } from './errors';
import { Col } from './generated/contract';
import { anonymousHit, applyPair } from './kinds';
import { readPageQuery } from './campaign';
import { classifyReferer } from './referer';
import { fillFingerprint } from './fingerprint';
import { anonymizeIp } from './ipanon';
import { classifyUserAgent } from './useragent';
import { deferredAs, pairDecoded, pairDecodedLen, pairsOverflow, pairValue, pairValueLen, setPairDecoded } from './pairs';
import { sameBytes } from './scan';
import { splitUrl } from './urlsplit';
import { clearSlot, slotLen, slotPtr } from './slots';
import { Memo, allocateMemo, recall, remember } from './memo';

/**
 * The page memo's columns: the page URL and title (the `url` and `page` parameters, its key), then
 * what the page URL alone decides: its parts, campaign, click id and cross-domain linker. A page
 * URL not from the querystring is keyed by its decoding, for the columns from its parts on.
 */
const PAGE_COLUMNS: usize = memory.data<i32>([
  Col.page_url, Col.page_title,
  Col.page_urlscheme, Col.page_urlhost, Col.page_urlport, Col.page_urlpath, Col.page_urlquery, Col.page_urlfragment,
  Col.mkt_medium, Col.mkt_source, Col.mkt_term, Col.mkt_content, Col.mkt_campaign, Col.mkt_clickid, Col.mkt_network,
  Col.refr_domain_userid, Col.refr_dvce_tstamp,
]);
const PAGE_COLUMN_COUNT: i32 = 17;
const URL_PART_COLUMNS: usize = PAGE_COLUMNS + 8;
/** The referrer memo's columns: the referrer (the `refr` parameter), then its parts and classification. */
const REFERER_COLUMNS: usize = memory.data<i32>([
  Col.page_referrer,
  Col.refr_urlscheme, Col.refr_urlhost, Col.refr_urlport, Col.refr_urlpath, Col.refr_urlquery, Col.refr_urlfragment,
  Col.refr_medium, Col.refr_source, Col.refr_term,
]);
const REFERER_COLUMN_COUNT: i32 = 10;

export let pageMemo!: Memo;
export let refererMemo!: Memo;
/** Page URLs taken from cs(Referer) or a Firn extension payload, keyed by their decoding. */
export let decodedPageMemo!: Memo;

/** Called once, with the parser's other buffers (about 1.1 MB); URLs longer than a few hundred bytes are never memoized. */
export function allocateEnrichmentMemos(): void {
  pageMemo = allocateMemo(1024, 768);
  refererMemo = allocateMemo(256, 512);
  decodedPageMemo = allocateMemo(256, 512);
}

// The line's last `url`, `page` and `refr` pairs (-1: none), when the querystring is as CloudFront
// logged it: applied here, not with the other parameters, since the memos are keyed by their raw
// bytes, so that a hit skips their decoding too. Only these parameters set their columns.
let urlPair: i32 = -1;
let titlePair: i32 = -1;
let refrPair: i32 = -1;

export function resetDeferred(): void {
  urlPair = -1;
  titlePair = -1;
  refrPair = -1;
}

/** The page URL, title and referrer pairs the memos take (-1: none), as a cached shape knows them. */
export function takeDeferred(url: i32, title: i32, refr: i32): void {
  urlPair = url;
  titlePair = title;
  refrPair = refr;
}

/** Takes pair `i` of parameter `id` for the memos when it is a page URL, title or referrer (pairs.ts `deferredAs`). */
export function defer(id: i32, i: i32): bool {
  const which = deferredAs(id);
  if (which == 0) urlPair = i;
  else if (which == 1) titlePair = i;
  else if (which == 2) refrPair = i;
  else return false;
  return true;
}

/** Whether the line sent a `url` (applied later, by `enrich`). */
export function pageUrlSent(): bool {
  return urlPair >= 0;
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
  if (urlPair >= 0 && pairValueLen(urlPair) > 0) {
    const url = pairValue(urlPair);
    const n = pairValueLen(urlPair);
    const title = titlePair >= 0 ? pairValue(titlePair) : 0;
    const titleLen = titlePair >= 0 ? pairValueLen(titlePair) : 0;
    if (recall(pageMemo, url, n, title, titleLen)) {
      recalledDecoding(urlPair, Col.page_url);
      recalledDecoding(titlePair, Col.page_title);
      return;
    }
    applyPair(urlPair, true);
    if (titlePair >= 0) applyPair(titlePair, true);
    const errors = errorCount;
    pageUrlWork();
    // a bad linker is reported every time; a value whose exact decoding differs from its column
    // (cleaned text) is not kept, so that a hit can hand the column's bytes to the fingerprint
    if (errorCount == errors && exactlyShown(urlPair, Col.page_url) && exactlyShown(titlePair, Col.page_title)) {
      remember(pageMemo, PAGE_COLUMNS, PAGE_COLUMN_COUNT);
    }
    return;
  }
  if (urlPair >= 0) applyPair(urlPair, true);
  if (titlePair >= 0) applyPair(titlePair, true);
  const url = slotPtr(Col.page_url);
  const n = <usize>slotLen(Col.page_url);
  if (n == 0 || recall(decodedPageMemo, url, n, 0, 0)) return;
  const errors = errorCount;
  pageUrlWork();
  if (errorCount == errors) remember(decodedPageMemo, URL_PART_COLUMNS, PAGE_COLUMN_COUNT - 2);
}

function pageUrlWork(): void {
  const n = slotLen(Col.page_url);
  if (n == 0) return;
  splitUrl(slotPtr(Col.page_url), n, Col.page_urlscheme);
  readPageQuery();
}

function enrichReferer(): void {
  const raw = refrPair >= 0 && pairValueLen(refrPair) > 0;
  if (raw) {
    const host = slotPtr(Col.page_urlhost);
    const hostLen = <usize>slotLen(Col.page_urlhost);
    if (recall(refererMemo, pairValue(refrPair), pairValueLen(refrPair), host, hostLen)) {
      recalledDecoding(refrPair, Col.page_referrer);
      return;
    }
  }
  if (refrPair >= 0) applyPair(refrPair, true);
  const n = slotLen(Col.page_referrer);
  if (n == 0) return;
  splitUrl(slotPtr(Col.page_referrer), n, Col.refr_urlscheme);
  if (enabled(Flag.referer)) classifyReferer();
  // an extension payload's referrer (applied with the other parameters) is not memoized
  if (raw && exactlyShown(refrPair, Col.page_referrer)) remember(refererMemo, REFERER_COLUMNS, REFERER_COLUMN_COUNT);
}

/** After a hit: pair `i`'s exact decoding is its column's value (`exactlyShown` held when it was kept). */
function recalledDecoding(i: i32, col: i32): void {
  if (i >= 0) setPairDecoded(i, slotPtr(col), slotLen(col));
}

/** Whether pair `i` (if any) decoded to exactly the bytes its column shows. */
function exactlyShown(i: i32, col: i32): bool {
  if (i < 0) return true;
  const n = pairDecodedLen(i);
  const p = pairDecoded(i);
  const shown = slotPtr(col);
  return n == <usize>slotLen(col) && p != 0 && (p == shown || sameBytes(p, shown, n));
}
