/**
 * One parameter value → its column(s), by the parameter's kind (contract/params.ts PARAM_KINDS).
 * Each kind is implemented here once; a value that fails its check adds an error and fills nothing.
 */
import { Char } from './chars';
import { base64Decode } from './base64';
import { addError } from './errors';
import { Col, Kind, PARAM_KEYS, PARAM_TABLE, eventTypeId, platformId } from './generated/contract';
import { Decode, decode, decodeSpecial, decodedPtr, exactLen, exactPtr, needsNothing } from './decode';
import { pairId, pairValue, pairValueLen, setPairDecoded } from './pairs';
import { decodedLike, isJsonLike } from './jsonshape';
import { Msg } from './messages';
import { dimsSplit, parseInt32, parseMs, parsedInt, writeDecimal, writeInt } from './numbers';
import { claimScratch, scratch, setSlot } from './slots';
import { writeText } from './text';
import { findUnclean, insideRange, splat } from './scan';
import { MAX_MS, writeTimestamp } from './time';

const NO_COLUMN: u8 = 255;

/** Row of EVENT_TABLE for the line's `e`, or -1. */
export let eventType: i32 = -1;
/** Whether the line had an `e` at all (valid or not), so a missing one is reported once. */
export let eventSeen: bool = false;
/** `fx_a=1`: an anonymous-tracking hit, whose IP address is masked whatever the settings. */
export let anonymousHit: bool = false;
/** Device timestamps in ms, or -1: inputs of derived_tstamp. */
export let createdMs: i64 = -1;
export let sentMs: i64 = -1;
export let trueMs: i64 = -1;

export function resetKinds(): void {
  eventType = -1;
  eventSeen = false;
  anonymousHit = false;
  createdMs = -1;
  sentMs = -1;
  trueMs = -1;
}

/**
 * Applies querystring pair `i` (a known parameter): its value decoded once (form decoding;
 * `collapse` for text as CloudFront logged it), the exact decoding kept for the fingerprint.
 */
// @ts-ignore: decorator
@inline
export function applyPair(i: i32, collapse: bool): void {
  const id = pairId(i);
  const row = PARAM_TABLE + (<usize>id << 2);
  const kind = load<u8>(row);
  let v = pairValue(i);
  let m = <u32>pairValueLen(i);
  // most values need no decoding: used in place, the decode globals neither written nor read back
  if (needsNothing(v, m, true)) setPairDecoded(i, v, m);
  else {
    m = decodeSpecial(v, m, Decode.form | (collapse ? Decode.collapse : 0) | (kind == Kind.url ? Decode.url : 0));
    v = decodedPtr;
    setPairDecoded(i, exactPtr, exactLen);
  }
  // text, the most common kind, is taken as it is into its one column (an empty value is null):
  // here, without the call (+1 to +3 %)
  if (kind == Kind.text) setSlot(<i32>load<u8>(row, 1), m == 0 ? 0 : v, m, <u8>(load<u8>(row, 3) + 1));
  else applyParam(id, v, m);
}

/** A PARAM_TABLE row's first column. */
// @ts-ignore: decorator
@inline
function columnA(row: usize): i32 {
  return <i32>load<u8>(row, 1);
}
/** Its second column (NO_COLUMN: none). */
// @ts-ignore: decorator
@inline
function columnB(row: usize): i32 {
  return <i32>load<u8>(row, 2);
}
/** Its values' priority: above values taken from the log. */
// @ts-ignore: decorator
@inline
function prioOf(row: usize): u8 {
  return <u8>(load<u8>(row, 3) + 1);
}
/** Its parameter's name, for errors. */
// @ts-ignore: decorator
@inline
function keyOf(param: i32): i32 {
  return <i32>load<u16>(PARAM_KEYS + (<usize>param << 1));
}

/** Applies parameter `param` (a PARAM_TABLE row of any kind but text: `applyPair`) with its decoded, TSV-safe value. */
function applyParam(param: i32, v: usize, n: u32): void {
  // the row's columns, priority and name are read where a case uses them, not up front: values
  // live across the switch are what V8 spills at the function's entry, for every kind
  const row = PARAM_TABLE + (<usize>param << 2);
  const kind = <i32>load<u8>(row);
  if (kind == Kind.none) return;
  if (kind == Kind.anonymize) {
    anonymousHit = n == 1 && load<u8>(v) == Char._0 + 1;
    return;
  }
  // Empty values, and the literal `null` an old JS tracker sent for missing numbers, are null
  // (text, which `applyPair` applies, keeps a `null` as it was sent)
  if (n == 0 || (n == 4 && load<u32>(v) == 0x6c6c756e)) {
    setSlot(columnA(row), 0, 0, prioOf(row));
    if (<u8>columnB(row) != NO_COLUMN) setSlot(columnB(row), 0, 0, prioOf(row));
    return;
  }
  switch (kind) {
    case Kind.url: {
      setSlot(columnA(row), v, n, prioOf(row));
      break;
    }
    case Kind.int: {
      // checked, then kept as written: the classic ETL kept `tid=028288` as `028288`
      if (!parseInt32(v, n)) return addError(Msg.notInteger, keyOf(param), v, n);
      setSlot(columnA(row), v, n, prioOf(row));
      break;
    }
    case Kind.uuid: {
      const out = scratch;
      if (!lowerUuid(out, v, n)) return addError(Msg.notUuid, keyOf(param), v, n);
      claimScratch(out + 36);
      setSlot(columnA(row), out, 36, prioOf(row));
      break;
    }
    case Kind.ms: {
      const out = scratch;
      if (!parseMs(v, n) || parsedInt > MAX_MS) return addError(Msg.notMs, keyOf(param), v, n);
      if (columnA(row) == Col.dvce_created_tstamp) createdMs = parsedInt;
      else if (columnA(row) == Col.dvce_sent_tstamp) sentMs = parsedInt;
      else if (columnA(row) == Col.true_tstamp) trueMs = parsedInt;
      const end = writeTimestamp(out, parsedInt);
      claimScratch(end);
      setSlot(columnA(row), out, 23, prioOf(row));
      break;
    }
    case Kind.dims: {
      const out = scratch;
      const x = dimsSplit(v, n);
      if (x < 0) return addError(Msg.notDims, keyOf(param), v, n);
      const wn = <u32>x; // the width's digits, then `x`, then the height's
      const h = v + wn + 1;
      const hn = n - wn - 1;
      if (isCanonical(v, wn) && isCanonical(h, hn)) {
        // what screens send: digits as they are written back, used in place
        setSlot(columnA(row), v, wn, prioOf(row));
        setSlot(columnB(row), h, hn, prioOf(row));
        break;
      }
      parseInt32(v, wn);
      const mid = writeInt(out, parsedInt);
      parseInt32(h, hn);
      const end = writeInt(mid, parsedInt);
      claimScratch(end);
      setSlot(columnA(row), out, <u32>(mid - out), prioOf(row));
      setSlot(columnB(row), mid, <u32>(end - mid), prioOf(row));
      break;
    }
    case Kind.bool: {
      const c = load<u8>(v);
      if (n != 1 || (c != Char._0 && c != Char._0 + 1)) return addError(Msg.notBool, keyOf(param), v, n);
      setSlot(columnA(row), v, 1, prioOf(row));
      break;
    }
    case Kind.decimal:
    case Kind.double: {
      const out = scratch;
      const end = writeDecimal(out, v, n);
      if (end == 0) return addError(Msg.notDecimal, keyOf(param), v, n);
      claimScratch(end);
      setSlot(columnA(row), out, <u32>(end - out), prioOf(row));
      break;
    }
    case Kind.event: {
      eventSeen = true;
      const id = eventTypeId(v, n);
      if (id < 0) return addError(Msg.unknownEvent, keyOf(param), v, n);
      eventType = id;
      break; // the event column and schema columns are filled from EVENT_TABLE once the line is read
    }
    case Kind.platform: {
      if (platformId(v, n) < 0) return addError(Msg.unknownPlatform, keyOf(param), v, n);
      setSlot(columnA(row), v, n, prioOf(row));
      break;
    }
    case Kind.json: {
      if (!isJsonLike(v, n, jsonReference(columnA(row)))) return addError(Msg.notJson, keyOf(param), v, n);
      setSlot(columnA(row), v, n, prioOf(row));
      break;
    }
    case Kind.base64json: {
      const out = scratch;
      const ref = jsonReference(columnA(row));
      let end = decodedLike(out, v, n, ref);
      if (end != 0) {
        claimScratch(end);
        setSlot(columnA(row), out, <u32>(end - out), prioOf(row));
        break;
      }
      end = base64Decode(out, v, n);
      if (end == 0) return addError(Msg.notBase64, keyOf(param), v, n);
      let text = out;
      const clean = findUnclean(out, end) == end;
      if (!clean) {
        // controls or non-ASCII in the JSON text: clean it into the scratch area after it
        text = end;
        end = writeText(text, out, end - out);
      }
      claimScratch(end);
      if (!isJsonLike(text, end - text, ref, clean ? v : 0, clean ? n : 0)) return addError(Msg.notJson, keyOf(param), v, n);
      setSlot(columnA(row), text, <u32>(end - text), prioOf(row));
      break;
    }
    case Kind.ip: {
      // an override may hold a list: its first element (split on `,`, `|` or space)
      let m: u32 = 0;
      while (m < n) {
        const c = load<u8>(v + m);
        if (c == Char.COMMA || c == 0x7c || c == Char.SPACE) break;
        m++;
      }
      setSlot(columnA(row), v, m, prioOf(row));
      break;
    }
  }
}

/** The JSON columns' references for validation by difference (jsonshape.ts). */
@inline function jsonReference(col: i32): usize {
  return col == Col.contexts ? 0 : 1;
}

/** Digits (dimsSplit checked them) that `writeInt` would write the same: no leading zero. */
@inline function isCanonical(p: usize, n: u32): bool {
  return n == 1 || load<u8>(p) != Char._0;
}

/**
 * Checks 8-4-4-4-12 hex digits (any case) and writes them lower-cased at `dst`: three 16-byte
 * vectors (bytes 0–15, 16–31, 20–35), each checked against where its dashes must be.
 */
function lowerUuid(dst: usize, p: usize, n: u32): bool {
  if (n != 36) return false;
  const a = v128.load(p);
  const b = v128.load(p, 16);
  const c = v128.load(p, 20);
  // dashes at 8 and 13; 18 and 23 (16 + 2, 16 + 7); 23 (20 + 3)
  if (!uuidPart(a, 0x2100) || !uuidPart(b, 0x84) || !uuidPart(c, 0x8)) return false;
  v128.store(dst, lowerHex(a));
  v128.store(dst, lowerHex(b), 16);
  v128.store(dst, lowerHex(c), 20);
  return true;
}

/** Whether the lanes in `dashes` hold `-` and all others a hex digit. */
@inline function uuidPart(v: v128, dashes: i32): bool {
  const digit = insideRange(v, 0x30, 0x39);
  const lower = v128.or(v, splat(0x20));
  const letter = insideRange(lower, 0x61, 0x66);
  const dash = i8x16.bitmask(i8x16.eq(v, splat(0x2d)));
  return dash == dashes && i8x16.bitmask(v128.or(digit, letter)) == (~dashes & 0xffff);
}

/** `A`–`F` → `a`–`f` (the rest is digits and dashes, which the 0x20 bit would change). */
@inline function lowerHex(v: v128): v128 {
  const upper = insideRange(v, 0x41, 0x46);
  return v128.or(v, v128.and(upper, splat(0x20)));
}
