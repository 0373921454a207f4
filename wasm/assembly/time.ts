/**
 * Dates and timestamps without Date or strings: civil ↔ days conversions (Howard Hinnant's
 * algorithms, public domain: http://howardhinnant.github.io/date_algorithms.html) on integers.
 */
import { Char, isDigit } from './chars';

const MS_PER_DAY: i64 = 86_400_000;
/** 0000-01-01 00:00:00.000 and 9999-12-31 23:59:59.999 UTC: the range a timestamp column accepts. */
export const MIN_MS: i64 = -62_167_219_200_000;
export const MAX_MS: i64 = 253_402_300_799_999;

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: i32, m: i32, d: i32): i64 {
  const yy: i64 = m <= 2 ? y - 1 : y;
  const era: i64 = (yy >= 0 ? yy : yy - 399) / 400;
  const yoe: i64 = yy - era * 400;
  const mp: i64 = (m + 9) % 12;
  const doy: i64 = (153 * mp + 2) / 5 + d - 1;
  const doe: i64 = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

@inline function digits2(p: usize): i32 {
  return (<i32>load<u8>(p) - Char._0) * 10 + (<i32>load<u8>(p, 1) - Char._0);
}

@inline function allDigits(p: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) if (!isDigit(load<u8>(p + i))) return false;
  return true;
}

/** The last date `parseDate` accepted (a log's lines nearly all carry one), as its 8 + 2 bytes and its days. */
let parsedDateHead: u64 = 0;
let parsedDateTail: u16 = 0;
let parsedDays: i64 = i64.MIN_VALUE;

/** `YYYY-MM-DD` → days since the epoch, or i64.MIN_VALUE when malformed or not a real date. */
export function parseDate(p: usize, n: usize): i64 {
  if (n != 10) return i64.MIN_VALUE;
  if (parsedDays != i64.MIN_VALUE && load<u64>(p) == parsedDateHead && load<u16>(p, 8) == parsedDateTail) return parsedDays;
  if (load<u8>(p, 4) != Char.MINUS || load<u8>(p, 7) != Char.MINUS) return i64.MIN_VALUE;
  if (!allDigits(p, 4) || !allDigits(p + 5, 2) || !allDigits(p + 8, 2)) return i64.MIN_VALUE;
  const y = digits2(p) * 100 + digits2(p + 2);
  const m = digits2(p + 5);
  const d = digits2(p + 8);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return i64.MIN_VALUE;
  parsedDateHead = load<u64>(p);
  parsedDateTail = load<u16>(p, 8);
  return (parsedDays = daysFromCivil(y, m, d));
}

function daysInMonth(y: i32, m: i32): i32 {
  if (m == 2) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

/** `HH:MM:SS` → seconds of the day, or -1. */
export function parseTime(p: usize, n: usize): i32 {
  if (n != 8 || load<u8>(p, 2) != Char.COLON || load<u8>(p, 5) != Char.COLON) return -1;
  if (!allDigits(p, 2) || !allDigits(p + 3, 2) || !allDigits(p + 6, 2)) return -1;
  const h = digits2(p);
  const m = digits2(p + 3);
  const s = digits2(p + 6);
  if (h > 23 || m > 59 || s > 59) return -1;
  return h * 3600 + m * 60 + s;
}

/** `00` to `99`, two bytes each: a date's or time's two-digit field is a load and a store. */
const TWO_DIGITS: usize = memory.data(200);
for (let v = 0; v < 100; v++) {
  store<u8>(TWO_DIGITS + (<usize>v << 1), <u8>(Char._0 + v / 10));
  store<u8>(TWO_DIGITS + (<usize>v << 1), <u8>(Char._0 + (v % 10)), 1);
}

/** Writes `v` (0–99) as two digits. */
@inline function put2(dst: usize, v: u32): void {
  store<u16>(dst, load<u16>(TWO_DIGITS + (<usize>v << 1)));
}

/**
 * The day `writeTimestamp` wrote last: its first millisecond (i64.MIN_VALUE until one is written,
 * which no timestamp is within a day of) and its `YYYY-MM-DD` (8 + 2 bytes).
 */
let lastDayStart: i64 = i64.MIN_VALUE;
let lastDate: u64 = 0;
let lastDateEnd: u16 = 0;

/** Writes `YYYY-MM-DD` (10 bytes) for days since the epoch, and keeps it as the last day written. */
function writeDate(dst: usize, days: i64): void {
  // civil_from_days
  const z = days + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const d = <i32>(doy - (153 * mp + 2) / 5 + 1);
  const m = <i32>(mp < 10 ? mp + 3 : mp - 9);
  const y = <i32>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  put2(dst, <u32>(y / 100));
  put2(dst + 2, <u32>(y % 100));
  store<u8>(dst, Char.MINUS, 4);
  put2(dst + 5, <u32>m);
  store<u8>(dst, Char.MINUS, 7);
  put2(dst + 8, <u32>d);
  lastDayStart = days * MS_PER_DAY;
  lastDate = load<u64>(dst);
  lastDateEnd = load<u16>(dst, 8);
}

/** Writes `YYYY-MM-DD HH:MM:SS.mmm` (23 bytes) for ms in [MIN_MS, MAX_MS]; returns the end. */
export function writeTimestamp(dst: usize, ms: i64): usize {
  let rem = ms - lastDayStart;
  if (<u64>rem < <u64>MS_PER_DAY) {
    // a line's timestamps, and a log's lines, mostly fall on one day: its `YYYY-MM-DD` is kept
    store<u64>(dst, lastDate);
    store<u16>(dst, lastDateEnd, 8);
  } else {
    let days = ms / MS_PER_DAY;
    rem = ms % MS_PER_DAY;
    if (rem < 0) {
      rem += MS_PER_DAY;
      days--;
    }
    writeDate(dst, days);
  }
  store<u8>(dst, Char.SPACE, 10);
  // the time of day in unsigned 32-bit arithmetic: divisions by constants without sign fix-ups
  const inDay = <u32>rem;
  const secs = inDay / 1000;
  const mins = secs / 60;
  const hours = mins / 60;
  put2(dst + 11, hours);
  store<u8>(dst, Char.COLON, 13);
  put2(dst + 14, mins - hours * 60);
  store<u8>(dst, Char.COLON, 16);
  put2(dst + 17, secs - mins * 60);
  store<u8>(dst, Char.DOT, 19);
  const msPart = inDay - secs * 1000;
  const hundreds = msPart / 100;
  store<u8>(dst, <u8>(Char._0 + hundreds), 20);
  put2(dst + 21, msPart - hundreds * 100);
  return dst + 23;
}

/** Collector date as YYYYMMDD, for partitioning. */
export function dateKey(p: usize): u32 {
  return <u32>(digits2(p) * 1000000 + digits2(p + 2) * 10000 + digits2(p + 5) * 100 + digits2(p + 8));
}
