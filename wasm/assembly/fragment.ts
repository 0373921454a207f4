/**
 * Fragment records: one JSON line per fragment hit, with everything the ETL needs to reassemble
 * the event and to re-read its first fragment's line in the context of its file:
 *   {"eid":"…","index":1,"count":3,"encoding":"z","data":"…","source":"…","lineNumber":7,"fields":"#Fields: …","line":"…"}
 */
import { Char } from './chars';
import { data, dataLen, encoding, eventId, fragmentCount, fragmentIndex } from './extension';
import { fieldsLineLength } from './fields';
import { writeAscii, writeJsonString } from './jsonwrite';
import { fieldsLineBuf } from './layout';
import { writeInt } from './numbers';

export function writeFragment(dst: usize, line: usize, len: usize, source: usize, sourceLen: usize, lineNumber: i64): usize {
  dst = writeAscii(dst, '{"eid":"');
  for (let i: usize = 0; i < 36; i++) {
    const c = <u32>load<u8>(eventId + i);
    store<u8>(dst++, <u8>(c - Char.A < 26 ? c | 0x20 : c)); // ids are compared lower-cased
  }
  dst = writeAscii(dst, '","index":');
  dst = writeInt(dst, fragmentIndex);
  dst = writeAscii(dst, ',"count":');
  dst = writeInt(dst, fragmentCount);
  dst = writeAscii(dst, ',"encoding":"');
  store<u8>(dst++, encoding);
  dst = writeAscii(dst, '","data":');
  dst = writeJsonString(dst, data, dataLen, dataLen);
  dst = writeAscii(dst, ',"source":');
  dst = writeJsonString(dst, source, sourceLen, sourceLen);
  dst = writeAscii(dst, ',"lineNumber":');
  dst = writeInt(dst, lineNumber);
  dst = writeAscii(dst, ',"fields":');
  const fields = fieldsLineLength();
  dst = fields == 0 ? writeAscii(dst, 'null') : writeJsonString(dst, fieldsLineBuf, fields, fields);
  dst = writeAscii(dst, ',"line":');
  dst = writeJsonString(dst, line, len, len);
  store<u8>(dst++, Char.RBRACE);
  store<u8>(dst++, Char.LF);
  return dst;
}
