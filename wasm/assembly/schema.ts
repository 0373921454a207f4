/**
 * The event's own schema for `e=ue` (enrichments.md §3): event_vendor, event_name,
 * event_format and event_version are the four parts of the inner Iglu URI
 * `iglu:<vendor>/<name>/<format>/<version>` in unstruct_event's `data.schema`.
 */
import { Char } from './chars';
import { Col } from './generated/contract';
import { memberValue, stringEnd } from './json';
import { PRIO_LOG, setSlot } from './slots';

/** Fills the four schema columns from the unstruct_event JSON (already validated); false when it holds no Iglu URI. */
export function fillEventSchema(json: usize, len: usize): bool {
  const end = json + len;
  const data = memberValue(json, end, 'data');
  if (data == 0) return false;
  const schema = memberValue(data, end, 'schema');
  const close = stringEnd(schema, end);
  if (schema == 0 || close == 0) return false;
  let p = schema + 1;
  const stop = close - 1;
  // "iglu:"
  if (stop - p < 5 || load<u32>(p) != 0x756c6769 || load<u8>(p, 4) != Char.COLON) return false;
  p += 5;
  for (let part = 0; part < 4; part++) {
    const start = p;
    while (p < stop && load<u8>(p) != Char.SLASH) {
      if (load<u8>(p) == Char.BACKSLASH) return false;
      p++;
    }
    if (p == start || (part < 3) != (p < stop)) return false; // four non-empty parts, exactly
    setSlot(Col.event_vendor + part, start, <u32>(p - start), PRIO_LOG);
    p++;
  }
  return true;
}
