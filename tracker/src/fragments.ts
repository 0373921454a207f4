import type { MAX_FRAGMENTS } from '../../contract/index.ts';

/** Written out (checked against the contract's type) so the bundle does not pull in the parameter table. */
const FRAGMENTS: typeof MAX_FRAGMENTS = 1000;

/**
 * docs/protocol.md §3 steps 2–4, once the data is encoded: one request if it fits in `max`
 * bytes, else `n` fragments, or none when more than 1000 would be needed (or `max` leaves no
 * room at all). `head` is `<pixel>?eid=…&tv=…&fx_e=…`, all ASCII, so string length is byte length.
 * Every piece gets the room left when `fx_i` and `fx_n` take 4 digits each, the most 1000 needs:
 * at most 6 bytes per fragment below the limit, for a split that needs no search.
 */
export function fragments(head: string, data: string, max: number): string[] {
  if (head.length + 6 + data.length <= max) return [head + '&fx_d=' + data];
  // "&fx_i=", "&fx_n=", "&fx_d=" and two 4-digit numbers.
  const size = max - head.length - 26;
  const n = Math.ceil(data.length / size);
  return size < 1 || n > FRAGMENTS ? [] : Array.from({ length: n }, (_, i) => head + '&fx_i=' + (i + 1) + '&fx_n=' + n + '&fx_d=' + data.substr(i * size, size));
}
