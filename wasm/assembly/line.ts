/**
 * One log line → a good event, a bad row, or a discard (lines = good + bad + discarded, always).
 * Order of work follows the classic ETL (enrichments.md §1): values from the log, then the
 * tracker's parameters over them, then what is derived from both.
 */
import { Char } from './chars';
import { addError, errorCount, NO_FIELD, NO_VALUE, resetErrors } from './errors';
import { Col, EVENT_TABLE, EVENT_TYPE_UNSTRUCT, Field, LOG_FIELD_NAMES, STR_CLOUDFRONT, STR_V_ETL } from './generated/contract';
import { applyPair, createdMs, eventSeen, eventType, resetKinds, sentMs, trueMs } from './kinds';
import { fieldCount, fieldLength, fieldStart, isEmptyField, readFieldsHeader } from './fields';
import { IndexFlag, etlTstampBuf, payloadBuf, sourceBuf } from './layout';
import { Msg } from './messages';
import { Decode, decode, decodedPtr } from './decode';
import { PRIO_LOG, claimScratch, clearSlot, resetSlots, scratch, setSlot, slotLen, slotPrio, slotPtr } from './slots';
import { fillEventSchema } from './schema';
import { applyList, clearPairs, collectPairs, pairCount, pairId } from './pairs';
import { strLen, strPtr } from './strings';
import { dateKey, parseDate, parseTime, writeTimestamp } from './time';
import { writeDerivedEventId } from './eventid';
import { badCursor, badWritten, fragmentCursor, fragmentWritten, writeRow } from './output';
import { Ext, decodePayload, findExtension } from './extension';
import { writeFragment } from './fragment';
import { writeBadRow } from './badrow';
import { Flag, enabled } from './config';
import { defer, enrich, pageUrlSent, resetDeferred, takeDeferred } from './enrich';
import { readLogUserAgent } from './useragent';

export const enum Outcome {
  good,
  bad,
  discard,
  /** A fragment of an event (docs/protocol.md), handed to the ETL to reassemble. */
  fragment,
}

/** The CloudFront data formats all have at least the original 12 fields. */
const MIN_FIELDS: i32 = 12;
const NO_EVENT_STRING: u16 = 0xffff;

// Context of the file being read.
let sourceLen: usize = 0;
let lineNumber: u64 = 0;
let hasEtlTstamp: bool = false;

/** The next line is line `n` of its file (a reassembled event is re-read out of its file). */
export function setNextLineNumber(n: u64): void {
  lineNumber = n - 1;
}

/** A new file: its name is at sourceBuf; line numbers restart at 1. */
export function beginLines(sourceLength: usize, withEtlTstamp: bool): void {
  sourceLen = sourceLength;
  lineNumber = 0;
  hasEtlTstamp = withEtlTstamp;
}

/** How much of an over-long line a bad row quotes. */
const QUOTED_PREFIX: usize = 1024;
export const OVERLONG_OUTPUT: u32 = <u32>QUOTED_PREFIX;

/** A line longer than MAX_LINE: one bad row quoting its start. */
export function processOverLong(start: usize): Outcome {
  lineNumber++;
  resetErrors();
  addError(Msg.lineTooLong, NO_FIELD, 0, NO_VALUE);
  return bad(start, QUOTED_PREFIX + 1, QUOTED_PREFIX);
}

@inline function fieldName(f: i32): i32 {
  return <i32>load<u16>(LOG_FIELD_NAMES + (<usize>f << 1));
}

/** The line at `line`, `len` bytes long (without its CR and LF), already split into fields (fields.ts `splitLine`). */
export function processLine(line: usize, len: usize): Outcome {
  lineNumber++;
  if (len > 0 && load<u8>(line) == Char.HASH) {
    // `#Fields:` (matched by prefix: files differ in what follows the colon)
    if (len >= 8 && load<u64>(line) == 0x3a73646c65694623) readFieldsHeader(line, len);
    return Outcome.discard;
  }
  resetErrors();
  if (fieldCount < MIN_FIELDS) {
    addError(Msg.notALogLine, NO_FIELD, 0, NO_VALUE);
    return bad(line, len, len);
  }
  if (!isPixel(fieldStart(Field.cs_uri_stem), fieldLength(Field.cs_uri_stem))) return Outcome.discard;
  resetSlots();
  resetKinds();
  resetDeferred();

  // The querystring first: a fragment of a bigger event is set aside before anything else is read.
  const query = fieldStart(Field.cs_uri_query);
  const queryLen = fieldLength(Field.cs_uri_query);
  const hasQuery = !isEmptyField(query, queryLen);
  if (hasQuery) collectPairs(query, queryLen, true);
  else clearPairs();
  const ext = findExtension();
  if (ext == Ext.invalid) return bad(line, len, len);
  if (ext == Ext.fragment) {
    fragmentWritten(writeFragment(fragmentCursor(), line, len, sourceBuf, sourceLen, <i64>lineNumber));
    return Outcome.fragment;
  }

  const method = fieldStart(Field.cs_method);
  const methodLen = fieldLength(Field.cs_method);
  if (methodLen != 3 || (load<u16>(method) != 0x4547 || load<u8>(method, 2) != Char.T)) {
    addError(Msg.notGet, fieldName(Field.cs_method), method, <u32>methodLen);
  }

  // collector_tstamp from date + time (UTC, whole seconds)
  const date = fieldStart(Field.date);
  const dateLen = fieldLength(Field.date);
  const days = parseDate(date, dateLen);
  if (days == i64.MIN_VALUE) addError(Msg.badDate, fieldName(Field.date), date, <u32>dateLen);
  const time = fieldStart(Field.time);
  const timeLen = fieldLength(Field.time);
  const seconds = parseTime(time, timeLen);
  if (seconds < 0) addError(Msg.badTime, fieldName(Field.time), time, <u32>timeLen);
  let collectorMs: i64 = 0;
  if (days != i64.MIN_VALUE && seconds >= 0) {
    collectorMs = days * 86_400_000 + <i64>seconds * 1000;
    const out = scratch;
    claimScratch(writeTimestamp(out, collectorMs));
    setSlot(Col.collector_tstamp, out, 23, PRIO_LOG);
  }

  setSlot(Col.v_collector, strPtr(STR_CLOUDFRONT), strLen(STR_CLOUDFRONT), PRIO_LOG);
  setSlot(Col.v_etl, strPtr(STR_V_ETL), strLen(STR_V_ETL), PRIO_LOG);
  if (hasEtlTstamp) setSlot(Col.etl_tstamp, etlTstampBuf, 23, PRIO_LOG);

  readClientIp();

  let collapse = true; // values as CloudFront logged them; an extension payload never saw its escaping
  if (ext == Ext.whole) {
    const n = decodePayload();
    if (n >= 0) {
      collectPairs(payloadBuf, n, false);
      collapse = false;
      applyPairs(collapse);
      fillEventType();
    }
  } else if (!hasQuery) addError(Msg.emptyQuery, fieldName(Field.cs_uri_query), query, <u32>queryLen);
  else {
    applyPairs(collapse);
    fillEventType();
  }
  // cs(Referer) is the page URL only when the tracker sent none (almost never): decoded only then
  if (!pageUrlSent() && slotPrio(Col.page_url) == 0) readReferer();
  if (errorCount > 0) return bad(line, len, len);
  if (slotPrio(Col.useragent) == 0) readUserAgent();

  let flags: u32 = 0;
  if (slotLen(Col.event_id) == 0) {
    const out = scratch;
    claimScratch(writeDerivedEventId(out, sourceBuf, sourceLen, lineNumber, line, len));
    setSlot(Col.event_id, out, 36, PRIO_LOG);
    flags |= IndexFlag.derivedEventId;
  }
  fillDerivedTstamp(collectorMs);
  enrich(collapse);
  if (errorCount > 0) return bad(line, len, len);
  writeRow(dateKey(date), flags);
  return Outcome.good;
}

/** A bad row for the current line with the errors collected so far; `max` bytes of the line are quoted. */
export function bad(line: usize, len: usize, max: usize): Outcome {
  badWritten(writeBadRow(badCursor(), line, len, max, sourceBuf, sourceLen, <i64>lineNumber));
  return Outcome.bad;
}

/** `/i`, `/i?…` or the legacy `/ice.png…` (cloudfront-log-format.md §5). */
function isPixel(p: usize, n: usize): bool {
  if (n < 2 || load<u16>(p) != 0x692f) return false; // "/i"
  if (n == 2 || load<u8>(p, 2) == Char.QUESTION) return true;
  return n >= 8 && load<u32>(p, 2) == 0x702e6563 && load<u16>(p, 6) == 0x676e; // "ce.png"
}

/**
 * cs(User-Agent) is the useragent when the tracker sent no `ua`: read after the parameters, so
 * that a UA seen before is recalled by its raw bytes (useragent.ts), not decoded again.
 */
function readUserAgent(): void {
  const p = fieldStart(Field.cs_User_Agent_);
  const n = fieldLength(Field.cs_User_Agent_);
  if (isEmptyField(p, n)) return;
  readLogUserAgent(p, n, enabled(Flag.userAgent));
}

/** cs(Referer) is the page URL when the tracker sent no `url` (enrichments.md §4). */
function readReferer(): void {
  const p = fieldStart(Field.cs_Referer_);
  let n = fieldLength(Field.cs_Referer_);
  if (isEmptyField(p, n)) return;
  if (load<u8>(p + n - 1) == Char.PERCENT) n--; // a lone trailing `%` (snowplow/snowplow#494)
  const m = decode(p, n, Decode.collapse | Decode.url);
  setSlot(Col.page_url, decodedPtr, m, PRIO_LOG);
}

/**
 * c-ip, or, when configured, the first x-forwarded-for address when it is one (enrichments.md §2).
 * Off by default: a viewer can put anything in X-Forwarded-For.
 */
function readClientIp(): void {
  const xff = fieldStart(Field.x_forwarded_for);
  const xffLen = fieldLength(Field.x_forwarded_for);
  if (enabled(Flag.forwardedFor) && !isEmptyField(xff, xffLen)) {
    let p = xff;
    const end = xff + xffLen;
    if (load<u8>(p) == Char.QUOTE || load<u8>(p) == Char.LBRACKET) p++;
    const start = p;
    let dots = 0;
    let colons = 0;
    let letters = 0;
    while (p < end) {
      const c = <u32>load<u8>(p);
      if (c == Char.DOT) dots++;
      else if (c == Char.COLON) colons++;
      else if ((c | 0x20) - Char.a < 6) letters++;
      else if (c - Char._0 >= 10) break;
      p++;
    }
    if ((dots == 3 && colons == 0 && letters == 0) || colons >= 2) {
      setSlot(Col.user_ipaddress, start, <u32>(p - start), PRIO_LOG);
      return;
    }
  }
  const ip = fieldStart(Field.c_ip);
  const ipLen = fieldLength(Field.c_ip);
  if (isEmptyField(ip, ipLen)) return;
  // c-ip is not escaped by CloudFront; whatever a broken line holds there still leaves as clean text
  const m = decode(ip, ipLen, Decode.verbatim);
  setSlot(Col.user_ipaddress, decodedPtr, m, PRIO_LOG);
}

/**
 * Each known parameter's value decoded once and applied by its kind; on a line as CloudFront
 * logged it, the page URL, title and referrer are left to the memos that are keyed by their raw
 * bytes (enrich.ts `defer`).
 */
function applyPairs(collapse: bool): void {
  // a logged line whose shape is cached: which pairs to apply, and which the memos take, follow
  // from its names (pairs.ts `keepApplyList`), so no pair's id is looked at here
  const list = collapse ? applyList() : 0;
  if (list != 0) {
    takeDeferred(<i32>load<i8>(list, 1), <i32>load<i8>(list, 2), <i32>load<i8>(list, 3));
    const n = <i32>load<u8>(list);
    for (let k = 0; k < n; k++) applyPair(<i32>load<u8>(list + 4 + <usize>k), true);
    return;
  }
  for (let i = 0; i < pairCount; i++) {
    const id = pairId(i);
    if (id < 0) continue; // unknown parameters are ignored, as in the classic ETL (but fingerprinted)
    if (collapse && defer(id, i)) continue;
    applyPair(i, collapse);
  }
}

/** `event` and the event_vendor/name/format/version columns from the `e` code. */
function fillEventType(): void {
  if (eventType < 0) {
    if (!eventSeen) addError(Msg.missingEvent, NO_FIELD, 0, NO_VALUE);
    return;
  }
  const row = EVENT_TABLE + <usize>eventType * 10;
  const name = <i32>load<u16>(row);
  setSlot(Col.event, strPtr(name), strLen(name), PRIO_LOG);
  if (eventType == EVENT_TYPE_UNSTRUCT) {
    const json = slotPtr(Col.unstruct_event);
    const len = slotLen(Col.unstruct_event);
    if (len == 0) addError(Msg.missingUnstruct, NO_FIELD, 0, NO_VALUE);
    else if (!fillEventSchema(json, len)) addError(Msg.notIgluSchema, NO_FIELD, json, len);
    return;
  }
  for (let i = 1; i <= 4; i++) {
    const s = load<u16>(row + (<usize>i << 1));
    if (s == NO_EVENT_STRING) continue;
    setSlot(Col.event_vendor + i - 1, strPtr(<i32>s), strLen(<i32>s), PRIO_LOG);
  }
}

/** derived_tstamp (enrichments.md §7): true time, else collector time minus the device's own queueing delay. */
function fillDerivedTstamp(collectorMs: i64): void {
  let ms = collectorMs;
  if (trueMs >= 0) ms = trueMs;
  else if (createdMs >= 0 && sentMs >= 0 && createdMs < sentMs) ms = collectorMs - (sentMs - createdMs);
  if (ms < -62_167_219_200_000) return; // before year 0: leave null rather than write a malformed timestamp
  const out = scratch;
  claimScratch(writeTimestamp(out, ms));
  setSlot(Col.derived_tstamp, out, 23, PRIO_LOG);
}
