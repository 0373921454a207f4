/**
 * Firn's URL-length extension (docs/protocol.md): a hit whose payload travels base64url-encoded
 * (and raw-DEFLATE compressed) in `fx_d`, whole or in numbered fragments sharing one `eid`.
 * A whole payload is decoded here and read as the hit's querystring; a fragment becomes a
 * record for the ETL, which hands the reassembled data back through `setReassembled`.
 */
import { Char } from './chars';
import { base64Decode } from './base64';
import { addError } from './errors';
import { MAX_FRAGMENT_DATA, MAX_PAYLOAD, fragmentDataBuf, payloadBuf, tmpBuf } from './layout';
import { inflateRaw } from './inflate';
import { Msg } from './messages';
import { parseInt32, parsedInt } from './numbers';
import { extensionData, pairCount, pairName, pairNameLen, pairValue, pairValueLen } from './pairs';
import { Str } from './generated/strings';

export const enum Ext {
  none,
  whole,
  fragment,
  /** Malformed extension fields: the hit cannot be read (the errors say why). */
  invalid,
}

/** Most fragments one event may have. */
const MAX_FRAGMENTS: i64 = 1000;

// The extension fields of the current hit.
export let encoding: u8 = 0;
export let data: usize = 0;
export let dataLen: usize = 0;
export let fragmentIndex: i32 = 0;
export let fragmentCount: i32 = 0;
export let eventId: usize = 0;
export let eventIdLen: usize = 0;

/** Reassembled data for the next pixel line, set by the binding for the ETL. */
let reassembled = false;
let reassembledEncoding: u8 = 0;
let reassembledLen: usize = 0;

/** The binding wrote `len` bytes of reassembled data at fragmentDataBuf; the next pixel line carries them. */
export function setReassembled(enc: u8, len: usize): void {
  reassembled = true;
  reassembledEncoding = enc;
  reassembledLen = min(len, <usize>MAX_FRAGMENT_DATA);
}

/** "fx_e", "fx_d", "fx_i", "fx_n" share the prefix "fx_": the fourth byte tells them apart. */
@inline function isExtName(p: usize, n: usize): bool {
  return n == 4 && load<u16>(p) == 0x7866 && load<u8>(p, 2) == Char.UNDERSCORE;
}

/** Looks for the extension among the hit's pairs; problems become errors (and `invalid`). */
export function findExtension(): Ext {
  if (reassembled) {
    reassembled = false;
    encoding = reassembledEncoding;
    data = fragmentDataBuf;
    dataLen = reassembledLen;
    return Ext.whole;
  }
  encoding = 0;
  data = 0;
  dataLen = 0;
  if (!extensionData) return Ext.none; // no `fx_d` (pairs.ts): what every ordinary hit is
  let index: usize = 0;
  let indexLen: usize = 0;
  let count: usize = 0;
  let countLen: usize = 0;
  let found = false;
  eventId = 0;
  eventIdLen = 0;
  for (let i = 0; i < pairCount; i++) {
    const name = pairName(i);
    const n = pairNameLen(i);
    if (n == 3 && load<u16>(name) == 0x6965 && load<u8>(name, 2) == 0x64) {
      // "eid"
      eventId = pairValue(i);
      eventIdLen = pairValueLen(i);
      continue;
    }
    if (!isExtName(name, n)) continue;
    const which = load<u8>(name, 3);
    const v = pairValue(i);
    const vn = pairValueLen(i);
    if (which == 0x64) {
      // fx_d
      found = true;
      data = v;
      dataLen = vn;
    } else if (which == 0x65) encoding = vn == 1 ? load<u8>(v) : 0xff; // fx_e
    else if (which == 0x69) {
      index = v;
      indexLen = vn;
    } else if (which == 0x6e) {
      count = v;
      countLen = vn;
    }
  }
  if (!found) return Ext.none;
  if (encoding != 0x7a && encoding != 0x62) {
    addError(Msg.badExtension, Str.s_fx_e, 0, 0xffffffff);
    return Ext.invalid;
  }
  if (indexLen == 0 && countLen == 0) return Ext.whole;
  if (!parseInt32(count, countLen) || parsedInt < 2 || parsedInt > MAX_FRAGMENTS) {
    addError(Msg.badFragment, Str.s_fx_n, count, <u32>countLen);
    return Ext.invalid;
  }
  fragmentCount = <i32>parsedInt;
  if (!parseInt32(index, indexLen) || parsedInt < 1 || parsedInt > <i64>fragmentCount) {
    addError(Msg.badFragment, Str.s_fx_i, index, <u32>indexLen);
    return Ext.invalid;
  }
  fragmentIndex = <i32>parsedInt;
  if (!isUuidText(eventId, eventIdLen)) {
    addError(Msg.badFragment, Str.s_eid, eventId, <u32>eventIdLen);
    return Ext.invalid;
  }
  return Ext.fragment;
}

/** Decodes the whole payload into payloadBuf; returns its length, or -1 after adding an error. */
export function decodePayload(): i32 {
  const decodedEnd = base64Decode(tmpBuf, data, dataLen);
  if (decodedEnd == 0) {
    addError(Msg.notBase64, Str.s_fx_d, data, <u32>dataLen);
    return -1;
  }
  const n = decodedEnd - tmpBuf;
  if (encoding == 0x62) {
    // b: not compressed
    if (n > MAX_PAYLOAD) {
      addError(Msg.payloadTooLarge, Str.s_fx_d, 0, 0xffffffff);
      return -1;
    }
    memory.copy(payloadBuf, tmpBuf, n);
    return <i32>n;
  }
  const inflated = inflateRaw(payloadBuf, MAX_PAYLOAD, tmpBuf, n);
  if (inflated == -2) addError(Msg.payloadTooLarge, Str.s_fx_d, 0, 0xffffffff);
  else if (inflated < 0) addError(Msg.notDeflate, Str.s_fx_d, data, <u32>dataLen);
  return inflated < 0 ? -1 : inflated;
}

function isUuidText(p: usize, n: usize): bool {
  if (n != 36) return false;
  for (let i: usize = 0; i < 36; i++) {
    const c = <u32>load<u8>(p + i);
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != Char.MINUS) return false;
    } else if (!(c - Char._0 < 10 || (c | 0x20) - Char.a < 6)) return false;
  }
  return true;
}
