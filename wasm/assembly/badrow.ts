/**
 * Bad rows: one JSON object per line that could not become an event, carrying the raw line,
 * where it came from and every problem found on it:
 *   {"line":"…","source":"…","lineNumber":7,"errors":[{"field":"p","value":"mobile","message":"…"}]}
 * The `line` key is what the Snowplow Inspector's bad-row import reads.
 */
import { Char } from './chars';
import { errorBuf } from './layout';
import { NO_FIELD, NO_VALUE, droppedErrors, errorCount } from './errors';
import { writeAscii, writeAsciiEscaped, writeJsonString } from './jsonwrite';
import { Msg, messageText } from './messages';
import { writeInt } from './numbers';
import { strLen, strPtr } from './strings';

/** Bytes of a value quoted in an error; the whole line is in the row anyway. */
const MAX_QUOTED_VALUE: usize = 256;

export function writeBadRow(dst: usize, line: usize, lineLen: usize, lineMax: usize, source: usize, sourceLen: usize, lineNumber: i64): usize {
  dst = writeAscii(dst, '{"line":');
  dst = writeJsonString(dst, line, lineLen, lineMax);
  dst = writeAscii(dst, ',"source":');
  dst = writeJsonString(dst, source, sourceLen, sourceLen);
  dst = writeAscii(dst, ',"lineNumber":');
  dst = writeInt(dst, lineNumber);
  dst = writeAscii(dst, ',"errors":[');
  for (let i = 0; i < errorCount; i++) {
    const e = errorBuf + (<usize>i << 4);
    if (i > 0) store<u8>(dst++, Char.COMMA);
    const field = load<i32>(e, 4);
    const valueLen = load<u32>(e, 12);
    dst = writeAscii(dst, '{"field":');
    dst = field == NO_FIELD ? writeAscii(dst, 'null') : writeJsonString(dst, strPtr(field), strLen(field), MAX_QUOTED_VALUE);
    dst = writeAscii(dst, ',"value":');
    dst = valueLen == NO_VALUE ? writeAscii(dst, 'null') : writeJsonString(dst, <usize>load<u32>(e, 8), valueLen, MAX_QUOTED_VALUE);
    dst = writeAscii(dst, ',"message":"');
    dst = writeAsciiEscaped(dst, messageText(<Msg>load<u32>(e)));
    store<u8>(dst++, Char.QUOTE);
    store<u8>(dst++, Char.RBRACE);
  }
  if (droppedErrors > 0) {
    dst = writeAscii(dst, ',{"field":null,"value":');
    dst = writeInt(dst, droppedErrors);
    dst = writeAscii(dst, ',"message":"');
    dst = writeAsciiEscaped(dst, messageText(Msg.tooManyErrors));
    dst = writeAscii(dst, '"}');
  }
  dst = writeAscii(dst, ']}');
  store<u8>(dst++, Char.LF);
  return dst;
}
