/**
 * One parameter value → its column(s), by the parameter's kind (contract/params.ts PARAM_KINDS).
 * Each kind is implemented here once; a value that fails its check adds an error and fills nothing.
 */
import { Char, hexValue } from './chars';
import { base64Decode } from './base64';
import { addError } from './errors';
import { Col, Kind, PARAM_KEYS, PARAM_TABLE, eventTypeId, platformId } from './generated/contract';
import { isJson } from './json';
import { Msg } from './messages';
import { dimsSplit, parseInt32, parseMs, parsedInt, writeDecimal, writeInt } from './numbers';
import { claimScratch, scratch, setSlot } from './slots';
import { writeText } from './text';
import { findUnclean } from './scan';
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

/** Applies parameter `param` (a PARAM_TABLE row) with its decoded, TSV-safe value. */
export function applyParam(param: i32, v: usize, n: u32): void {
  const row = PARAM_TABLE + (<usize>param << 2);
  const kind = <i32>load<u8>(row);
  const colA = <i32>load<u8>(row, 1);
  const colB = <i32>load<u8>(row, 2);
  const prio = <u8>(load<u8>(row, 3) + 1); // above values taken from the log
  if (kind == Kind.none) return;
  if (kind == Kind.anonymize) {
    anonymousHit = n == 1 && load<u8>(v) == Char._0 + 1;
    return;
  }
  // Empty values, and the literal `null` an old JS tracker sent for missing numbers, are null.
  if (n == 0 || (n == 4 && load<u32>(v) == 0x6c6c756e && kind != Kind.text)) {
    setSlot(colA, 0, 0, prio);
    if (<u8>colB != NO_COLUMN) setSlot(colB, 0, 0, prio);
    return;
  }
  const key = <i32>load<u16>(PARAM_KEYS + (<usize>param << 1));
  const out = scratch;
  switch (kind) {
    case Kind.text:
    case Kind.url: {
      setSlot(colA, v, n, prio);
      break;
    }
    case Kind.int: {
      // checked, then kept as written: the classic ETL kept `tid=028288` as `028288`
      if (!parseInt32(v, n)) return addError(Msg.notInteger, key, v, n);
      setSlot(colA, v, n, prio);
      break;
    }
    case Kind.uuid: {
      if (!isUuid(v, n)) return addError(Msg.notUuid, key, v, n);
      for (let i: usize = 0; i < 36; i++) {
        const c = <u32>load<u8>(v + i);
        store<u8>(out + i, <u8>(c - Char.A < 26 ? c | 0x20 : c)); // stored lower-cased
      }
      claimScratch(out + 36);
      setSlot(colA, out, 36, prio);
      break;
    }
    case Kind.ms: {
      if (!parseMs(v, n) || parsedInt > MAX_MS) return addError(Msg.notMs, key, v, n);
      if (colA == Col.dvce_created_tstamp) createdMs = parsedInt;
      else if (colA == Col.dvce_sent_tstamp) sentMs = parsedInt;
      else if (colA == Col.true_tstamp) trueMs = parsedInt;
      const end = writeTimestamp(out, parsedInt);
      claimScratch(end);
      setSlot(colA, out, 23, prio);
      break;
    }
    case Kind.dims: {
      const x = dimsSplit(v, n);
      if (x < 0) return addError(Msg.notDims, key, v, n);
      parseInt32(v, x);
      const mid = writeInt(out, parsedInt);
      parseInt32(v + x + 1, n - x - 1);
      const end = writeInt(mid, parsedInt);
      claimScratch(end);
      setSlot(colA, out, <u32>(mid - out), prio);
      setSlot(colB, mid, <u32>(end - mid), prio);
      break;
    }
    case Kind.bool: {
      const c = load<u8>(v);
      if (n != 1 || (c != Char._0 && c != Char._0 + 1)) return addError(Msg.notBool, key, v, n);
      setSlot(colA, v, 1, prio);
      break;
    }
    case Kind.decimal:
    case Kind.double: {
      const end = writeDecimal(out, v, n);
      if (end == 0) return addError(Msg.notDecimal, key, v, n);
      claimScratch(end);
      setSlot(colA, out, <u32>(end - out), prio);
      break;
    }
    case Kind.event: {
      eventSeen = true;
      const id = eventTypeId(v, n);
      if (id < 0) return addError(Msg.unknownEvent, key, v, n);
      eventType = id;
      break; // the event column and schema columns are filled from EVENT_TABLE once the line is read
    }
    case Kind.platform: {
      if (platformId(v, n) < 0) return addError(Msg.unknownPlatform, key, v, n);
      setSlot(colA, v, n, prio);
      break;
    }
    case Kind.json: {
      if (!isJson(v, n)) return addError(Msg.notJson, key, v, n);
      setSlot(colA, v, n, prio);
      break;
    }
    case Kind.base64json: {
      let end = base64Decode(out, v, n);
      if (end == 0) return addError(Msg.notBase64, key, v, n);
      let text = out;
      if (findUnclean(out, end) != end) {
        // controls or non-ASCII in the JSON text: clean it into the scratch area after it
        text = end;
        end = writeText(text, out, end - out);
      }
      claimScratch(end);
      if (!isJson(text, end - text)) return addError(Msg.notJson, key, v, n);
      setSlot(colA, text, <u32>(end - text), prio);
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
      setSlot(colA, v, m, prio);
      break;
    }
  }
}

/** 8-4-4-4-12 hex digits, any case. */
function isUuid(p: usize, n: u32): bool {
  if (n != 36) return false;
  for (let i: usize = 0; i < 36; i++) {
    const c = load<u8>(p + i);
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != Char.MINUS) return false;
    } else if (hexValue(c) < 0) return false;
  }
  return true;
}
