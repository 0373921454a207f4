/**
 * User-Agent classification: browser family and version, engine, OS, device type and a bot flag,
 * by the ordered rules of wasm/data/useragents.ts. Logs repeat a few hundred UA strings millions
 * of times, so the columns are memoized per UA (memo.ts): a hit sets them again, copying nothing.
 * A log's UA is looked up by its raw bytes, so a hit skips its percent-decoding too.
 */
import { Char, isDigit } from './chars';
import { Col } from './generated/contract';
import {
  BOT_TOKEN_COUNT, BOT_TOKENS, BROWSER_RULE_COUNT, BROWSER_RULES, OS_RULE_COUNT, OS_RULES, WINDOWS_NAME_COUNT, WINDOWS_NAMES,
  UA_ANDROID_BROWSER, UA_BOT, UA_BROWSER, UA_BROWSER__MOBILE, UA_CHROME_WEBVIEW, UA_DESKTOP, UA_MAC_OS_X, UA_MOBILE, UA_MOBILE_SAFARI,
  UA_OTHER, UA_ROBOT, UA_TABLET, UA_CHROME, UA_SAFARI, UA_IE, UA_WINDOWS, UA_MAC_OS, UA_LINUX, UA_CHROMIUM_OS, UA_UBUNTU,
} from './generated/useragents';
import { PRIO_LOG, claimScratch, scratch, setSlot, slotLen, slotPrio, slotPtr } from './slots';
import { Decode, decode, decodedPtr } from './decode';
import { strLen, strPtr } from './strings';
import { Memo, allocateMemo, recall, remember } from './memo';

const NONE: u16 = 0xffff;

/** A classification: Str ids and spans relative to the UA's first byte (12 × u16). */
const enum R {
  family = 0,
  versionAt = 2,
  versionLen = 4,
  engine = 6,
  type = 8,
  osFamily = 10,
  osVersionAt = 12,
  osVersionLen = 14,
  osName = 16, // Str, or NONE: os_name is family + " " + major
  manufacturer = 18,
  device = 20,
  mobile = 22,
}
const RESULT_BYTES: usize = 24;
const result: usize = memory.data(<i32>RESULT_BYTES);

/** The columns a UA decides. */
const COLUMNS: usize = memory.data<i32>([
  Col.br_family, Col.br_version, Col.br_name, Col.br_renderengine, Col.br_type,
  Col.os_family, Col.os_manufacturer, Col.os_name, Col.dvce_type, Col.dvce_ismobile,
]);
const COLUMN_COUNT: i32 = 10;

let memo!: Memo;

/** The UA memo, for its counts (index.ts `memoCount`). */
export function userAgentMemo(): Memo {
  return memo;
}

/**
 * Called once, with the parser's other buffers. Real logs carry hundreds to a few thousand
 * distinct UAs (951 in the bench's mixed 100k lines): 4,096 places (in sets of four) keep
 * conflicts rare; 768-byte entries hold UAs up to about 600 bytes, or a log's escaped UA up to
 * about 320 bytes with its decoding (real ones are far shorter; longer ones are classified every
 * time). 3 MB.
 */
export function allocateUserAgentMemo(): void {
  memo = allocateMemo(4096, 768);
}

/** Classifies the tracker's `ua` (the log's User-Agent was classified as it was read: `readLogUserAgent`). */
export function classifyUserAgent(): void {
  if (slotPrio(Col.useragent) == PRIO_LOG) return;
  const ua = slotPtr(Col.useragent);
  const n = <usize>slotLen(Col.useragent);
  if (n == 0 || recall(memo, ua, n, 0, 0)) return;
  classify(ua, n, result);
  fill(ua, result);
  remember(memo, COLUMNS, COLUMN_COUNT);
}

/** The useragent column and what a UA decides: entries keyed by a log's raw User-Agent also hold its decoding. */
const LOG_COLUMNS: usize = memory.data<i32>([
  Col.useragent, Col.br_family, Col.br_version, Col.br_name, Col.br_renderengine, Col.br_type,
  Col.os_family, Col.os_manufacturer, Col.os_name, Col.dvce_type, Col.dvce_ismobile,
]);
const LOG_COLUMN_COUNT: i32 = COLUMN_COUNT + 1;
/** The second key part of raw log UAs, so they never match a decoded `ua` of the same bytes. */
const RAW_MARK: usize = memory.data<u8>([0x01]);

/**
 * cs(User-Agent), `n` bytes at `p` as logged, into the useragent column, and classified when
 * `classifying`. A UA seen before is recalled by its raw bytes: neither decoded nor classified
 * again. (useragent is also a tracker parameter's column; this runs only when no `ua` was sent,
 * and stores it with the log's priority, so a hit leaves the row as the work would.)
 */
export function readLogUserAgent(p: usize, n: usize, classifying: bool): void {
  if (classifying && recall(memo, p, n, RAW_MARK, 1)) return;
  const m = decode(p, n, Decode.collapse); // `+` is literal in a User-Agent (§8.1)
  const ua = decodedPtr;
  setSlot(Col.useragent, ua, m, PRIO_LOG);
  if (!classifying) return;
  classify(ua, <usize>m, result);
  fill(ua, result);
  remember(memo, LOG_COLUMNS, LOG_COLUMN_COUNT);
}

function fill(ua: usize, r: usize): void {
  const family = load<u16>(r, R.family);
  if (family != NONE) {
    setStr(Col.br_family, family);
    const vLen = load<u16>(r, R.versionLen);
    const v = ua + <usize>load<u16>(r, R.versionAt);
    if (vLen > 0) setSlot(Col.br_version, v, vLen, PRIO_LOG);
    setSlot(Col.br_name, scratch, composeName(family, v, vLen), PRIO_LOG); // "Chrome 131"
    setStr(Col.br_renderengine, load<u16>(r, R.engine));
  }
  setStr(Col.br_type, load<u16>(r, R.type));
  const osFamily = load<u16>(r, R.osFamily);
  if (osFamily != NONE) {
    setStr(Col.os_family, osFamily);
    setStr(Col.os_manufacturer, load<u16>(r, R.manufacturer));
    const osName = load<u16>(r, R.osName);
    if (osName != NONE) setStr(Col.os_name, osName);
    else setSlot(Col.os_name, scratch, composeName(osFamily, ua + <usize>load<u16>(r, R.osVersionAt), load<u16>(r, R.osVersionLen)), PRIO_LOG);
  }
  setStr(Col.dvce_type, load<u16>(r, R.device));
  setSlot(Col.dvce_ismobile, MOBILE_FLAGS + <usize>load<u16>(r, R.mobile), 1, PRIO_LOG);
}

/** "0" and "1". */
const MOBILE_FLAGS: usize = memory.data<u8>([0x30, 0x31]);

function setStr(col: i32, s: u16): void {
  if (s != NONE) setSlot(col, strPtr(<i32>s), strLen(<i32>s), PRIO_LOG);
}

/** Writes `<name> <major>` at the scratch cursor (just `<name>` without a version); returns its length. */
function composeName(name: u16, version: usize, versionLen: u16): u32 {
  const out = scratch;
  let dst = out;
  const n = strLen(<i32>name);
  memory.copy(dst, strPtr(<i32>name), n);
  dst += n;
  let m: usize = 0;
  while (m < <usize>versionLen && isDigit(load<u8>(version + m))) m++;
  if (m > 0) {
    store<u8>(dst++, Char.SPACE);
    memory.copy(dst, version, m);
    dst += m;
  }
  claimScratch(dst);
  return <u32>(dst - out);
}

function classify(ua: usize, n: usize, r: usize): void {
  for (let f: usize = 0; f < RESULT_BYTES; f += 2) store<u16>(r + f, NONE);
  store<u16>(r, 0, R.versionLen);
  store<u16>(r, 0, R.osVersionLen);
  const bot = isBot(ua, n);
  // browser
  for (let i = 0; i < BROWSER_RULE_COUNT; i++) {
    const rule = BROWSER_RULES + <usize>i * 6;
    const token = <i32>load<u16>(rule);
    const at = find(ua, n, strPtr(token), strLen(token));
    if (at < 0) continue;
    let family = load<u16>(rule, 2);
    let versionAt = <usize>at + strLen(token);
    if (family == <u16>UA_CHROME && find(ua, n, WV, 4) >= 0) family = <u16>UA_CHROME_WEBVIEW;
    else if (family == <u16>UA_CHROME && find(ua, n, VERSION, 8) >= 0 && find(ua, n, ANDROID, 7) >= 0) {
      family = <u16>UA_ANDROID_BROWSER;
      versionAt = <usize>find(ua, n, VERSION, 8) + 8;
    } else if (family == <u16>UA_SAFARI) {
      if (find(ua, n, ANDROID, 7) >= 0) family = <u16>UA_ANDROID_BROWSER;
      else if (find(ua, n, MOBILE, 6) >= 0) family = <u16>UA_MOBILE_SAFARI;
    } else if (family == <u16>UA_IE) {
      const rv = find(ua, n, RV, 3); // IE 11 writes its version as rv:11.0
      if (rv >= 0) versionAt = <usize>rv + 3;
    }
    store<u16>(r, family, R.family);
    store<u16>(r, <u16>versionAt, R.versionAt);
    store<u16>(r, <u16>versionLength(ua + versionAt, ua + n), R.versionLen);
    store<u16>(r, load<u16>(rule, 4), R.engine);
    break;
  }
  // operating system
  for (let i = 0; i < OS_RULE_COUNT; i++) {
    const rule = OS_RULES + <usize>i * 6;
    const token = <i32>load<u16>(rule);
    const at = find(ua, n, strPtr(token), strLen(token));
    if (at < 0) continue;
    const family = load<u16>(rule, 2);
    const versionAt = <usize>at + strLen(token);
    store<u16>(r, family, R.osFamily);
    store<u16>(r, load<u16>(rule, 4), R.manufacturer);
    store<u16>(r, <u16>versionAt, R.osVersionAt);
    store<u16>(r, <u16>versionLength(ua + versionAt, ua + n), R.osVersionLen);
    if (family == <u16>UA_WINDOWS) store<u16>(r, windowsName(ua + versionAt, ua + n), R.osName);
    else if (family == <u16>UA_MAC_OS) store<u16>(r, <u16>UA_MAC_OS_X, R.osName);
    else if (family == <u16>UA_LINUX || family == <u16>UA_CHROMIUM_OS || family == <u16>UA_UBUNTU) store<u16>(r, family, R.osName);
    break;
  }
  if (load<u16>(r, R.osFamily) == NONE) {
    store<u16>(r, <u16>UA_OTHER, R.osFamily);
    store<u16>(r, <u16>UA_OTHER, R.osName);
    store<u16>(r, <u16>UA_OTHER, R.manufacturer);
  }
  // device
  let device = UA_DESKTOP;
  const android = find(ua, n, ANDROID, 7) >= 0;
  const mobileToken = find(ua, n, MOBI, 4) >= 0;
  if (bot) device = UA_BOT;
  else if (find(ua, n, IPAD, 4) >= 0 || find(ua, n, TABLET, 6) >= 0 || find(ua, n, KINDLE, 6) >= 0 || find(ua, n, SILK, 5) >= 0 || (android && !mobileToken)) device = UA_TABLET;
  else if (mobileToken || android || find(ua, n, IPHONE, 6) >= 0 || find(ua, n, IPOD, 4) >= 0 || find(ua, n, WINDOWS_PHONE, 13) >= 0) device = UA_MOBILE;
  store<u16>(r, <u16>device, R.device);
  store<u16>(r, device == UA_MOBILE || device == UA_TABLET ? 1 : 0, R.mobile);
  store<u16>(r, <u16>(bot ? UA_ROBOT : device == UA_DESKTOP ? UA_BROWSER : UA_BROWSER__MOBILE), R.type);
}

/** Tokens the rules look for besides the tables' (ASCII, case-sensitive). */
const WV: usize = memory.data<u8>([0x3b, 0x20, 0x77, 0x76]); // "; wv"
const VERSION: usize = memory.data<u8>([0x56, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x2f]); // "Version/"
const ANDROID: usize = memory.data<u8>([0x41, 0x6e, 0x64, 0x72, 0x6f, 0x69, 0x64]); // "Android"
const MOBILE: usize = memory.data<u8>([0x4d, 0x6f, 0x62, 0x69, 0x6c, 0x65]); // "Mobile"
const MOBI: usize = MOBILE; // "Mobi" (first 4 bytes of "Mobile")
const RV: usize = memory.data<u8>([0x72, 0x76, 0x3a]); // "rv:"
const IPAD: usize = memory.data<u8>([0x69, 0x50, 0x61, 0x64]); // "iPad"
const IPOD: usize = memory.data<u8>([0x69, 0x50, 0x6f, 0x64]); // "iPod"
const IPHONE: usize = memory.data<u8>([0x69, 0x50, 0x68, 0x6f, 0x6e, 0x65]); // "iPhone"
const TABLET: usize = memory.data<u8>([0x54, 0x61, 0x62, 0x6c, 0x65, 0x74]); // "Tablet"
const KINDLE: usize = memory.data<u8>([0x4b, 0x69, 0x6e, 0x64, 0x6c, 0x65]); // "Kindle"
const SILK: usize = memory.data<u8>([0x53, 0x69, 0x6c, 0x6b, 0x2f]); // "Silk/"
const WINDOWS_PHONE: usize = memory.data<u8>([0x57, 0x69, 0x6e, 0x64, 0x6f, 0x77, 0x73, 0x20, 0x50, 0x68, 0x6f, 0x6e, 0x65]); // "Windows Phone"

/** First position of `token` in the UA, or -1. */
function find(ua: usize, n: usize, token: usize, m: usize): i32 {
  if (m > n) return -1;
  const first = load<u8>(token);
  const last = n - m;
  for (let i: usize = 0; i <= last; i++) {
    if (load<u8>(ua + i) == first && memory.compare(ua + i, token, m) == 0) return <i32>i;
  }
  return -1;
}

/** Case-insensitive: any bot token anywhere in the UA. */
function isBot(ua: usize, n: usize): bool {
  for (let t = 0; t < BOT_TOKEN_COUNT; t++) {
    const s = <i32>load<u16>(BOT_TOKENS + (<usize>t << 1));
    const token = strPtr(s);
    const m = <usize>strLen(s);
    if (m > n) continue;
    for (let i: usize = 0; i <= n - m; i++) {
      let j: usize = 0;
      while (j < m && lower(load<u8>(ua + i + j)) == load<u8>(token + j)) j++; // tokens are lower case
      if (j == m) return true;
    }
  }
  return false;
}

@inline function lower(c: u8): u8 {
  return <u32>c - Char.A < 26 ? c | 0x20 : c;
}

/** A version: up to a space, `;`, `)` or the end. */
function versionLength(p: usize, end: usize): usize {
  let q = p;
  while (q < end) {
    const c = load<u8>(q);
    if (c == Char.SPACE || c == 0x3b || c == 0x29) break;
    q++;
  }
  return q - p;
}

function windowsName(p: usize, end: usize): u16 {
  const n = versionLength(p, end);
  for (let i = 0; i < WINDOWS_NAME_COUNT; i++) {
    const v = <i32>load<u16>(WINDOWS_NAMES + <usize>i * 4);
    if (<usize>strLen(v) == n && memory.compare(strPtr(v), p, n) == 0) return load<u16>(WINDOWS_NAMES + <usize>i * 4, 2);
  }
  return <u16>UA_WINDOWS;
}
