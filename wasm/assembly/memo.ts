/**
 * Column memos. Some enrichments fill columns from a few input bytes alone: the page URL's parts,
 * campaign and linker come from the page URL; the referrer's parts and its classification from
 * the referrer and the page's host; browser, OS and device from the User-Agent. Sites log the
 * same few hundred pages, referrers and UAs over and over, so each memo keeps, per distinct input
 * (keyed by a hash, checked against a stored copy), the columns the work filled, and a hit sets
 * them again without redoing it. Keys are the raw bytes where they can be (a page's `url` and
 * `page`, a `refr`, a log's User-Agent), so a hit also skips decoding them; such an entry holds
 * the decoded values too. A memo's columns must be ones only its work sets, so that setting the
 * stored values with their stored priorities leaves the row exactly as the work would have: no
 * other tracker parameter sets them, and the parameters of a raw key are applied by the memo's
 * work alone (enrich.ts `defer`). A log's User-Agent is recalled only on lines without the `ua`
 * parameter (useragent.ts).
 *
 * An entry: u32 settings generation, u32 length of the key's main part, u32 of its second part,
 * u32 records, the key, 12-byte records (the slot as it is set: u32 pointer, u32 length; then u8
 * column, u8 slot code (slots.ts: priority and whether it holds a value), u16 unused), then the
 * values that were not inside the key's main part (nor inside
 * the first value copied: a decoded URL's parts point into its copy). Entries never move, so a
 * record holds its value's address, and a hit stores each slot as it is, with no priority to
 * compare (before a memo's work or its hit, nothing has set its columns).
 */
import { configGeneration } from './config';
import { keyHash } from './hash';
import { sameBytes } from './scan';
import { slotLen, slotPtr } from './slots';
import { prioBuf, slotBuf } from './layout';

const HEADER: usize = 16;
const RECORD: usize = 12;
/** Slots of the table of missed keys, per place. */
const MISSED_PER_PLACE: u32 = 4;

/**
 * A memo: `places` entries of `entryBytes` each, in sets of four: a key may sit in any place of
 * its set, so keys that share a set do not evict each other. Per set, a tag table holds the
 * hashes of the four keys, compared in one vector step, and per place a count of how many more
 * misses of the set its key may outlive unhit (`placeFor`); a lookup reads it first, so a miss
 * touches no entry unless two hashes collide.
 *
 * A key is stored when it misses while still among the last four keys missed at its set of a
 * table of missed keys' hashes, so keys seen once (URLs with a click id, say) cost a hash and are
 * never stored; it goes to a place of its set whose key was not hit in the set's last three misses. A set whose four
 * keys keep being hit keeps them while up to three more keys of the set miss, instead of all of
 * them evicting one another in turn. (With sets of two places, one missed key per slot and one
 * miss of protection, the bench's mixed log's 500 pages hit 83 % of the time; now 97 %.)
 */
@unmanaged
export class Memo {
  /** Lookups and hits, for `memoStats` (index.ts). */
  lookups: u64 = 0;
  hits: u64 = 0;
  constructor(
    readonly entries: usize,
    readonly places: u32,
    readonly entryBytes: usize,
    readonly tags: usize,
    readonly missed: usize,
  ) {}
}

const WAYS: u32 = 4;
/** Per set: four u32 hashes, a u32 holding the places' 2-bit counts, padding to 32 bytes. */
const TAG_BYTES: usize = 32;

/**
 * Allocates a memo's table once, zeroed (a zeroed entry holds an empty key, which is never looked
 * up); `places` is a power of two, at least 4.
 */
export function allocateMemo(places: u32, entryBytes: usize): Memo {
  const tableBytes = <usize>places * entryBytes;
  const tagBytes = <usize>(places / WAYS) * TAG_BYTES;
  const bytes = tableBytes + tagBytes + (<usize>(places * MISSED_PER_PLACE) << 2);
  const base = heap.alloc(bytes);
  memory.fill(base, 0, bytes);
  return new Memo(base, places, entryBytes, base + tableBytes, base + tableBytes + tagBytes);
}

// The last lookup's key and place, for `remember` after a miss: shared by all memos, so the work
// between a miss and its `remember` must not look up another memo (none does).
let entry: usize = 0;
let tag: usize = 0;
let way: usize = 0;
let hash: u32 = 0;
let keyA: usize = 0;
let keyALen: usize = 0;
let keyB: usize = 0;
let keyBLen: usize = 0;
let worthKeeping = false;

/**
 * Looks up the key `a` + `b` (`b` may be empty; `a` must not be). On a hit, sets the memo's
 * columns and returns true; on a miss, the caller does the work and then calls `remember`.
 */
export function recall(memo: Memo, a: usize, aLen: usize, b: usize, bLen: usize): bool {
  memo.lookups++;
  // in locals: the globals `remember` reads are set only on a miss (V8 keeps globals in memory)
  const h = keyHash(a, aLen) ^ (keyHash(b, bLen) * 0x9e3779b1);
  const set = <usize>(h & (memo.places / WAYS - 1));
  const t = memo.tags + set * TAG_BYTES;
  const first = memo.entries + set * WAYS * memo.entryBytes;
  let candidates = i32x4.bitmask(i32x4.eq(v128.load(t), i32x4.splat(h)));
  while (candidates != 0) {
    const w = <usize>ctz(candidates);
    candidates &= candidates - 1;
    const e = first + w * memo.entryBytes;
    if (!holds(e, a, aLen, b, bLen)) continue;
    memo.hits++;
    store<u32>(t, load<u32>(t, 16) | (<u32>3 << (<u32>w << 1)), 16);
    const records = <usize>load<u32>(e, 12);
    let r = e + HEADER + aLen + bLen;
    for (let i: usize = 0; i < records; i++, r += RECORD) {
      const col = <usize>load<u8>(r, 8);
      store<u64>(slotBuf + (col << 3), load<u64>(r));
      store<u8>(prioBuf + col, load<u8>(r, 9));
    }
    return true;
  }
  hash = h;
  tag = t;
  keyA = a;
  keyALen = aLen;
  keyB = b;
  keyBLen = bLen;
  worthKeeping = missedBefore(memo) && placeFor();
  entry = first + way * memo.entryBytes;
  return false;
}

/**
 * Whether the key just missed is among the last four keys missed at its set of the missed-keys
 * table; if not, it goes first there (the oldest leaves). One key per slot is not enough: two
 * keys sharing a slot (with 500 pages in 4,096 slots, about 30 pairs do) kept clearing each
 * other's first miss in turn, and neither was ever stored: a sixth of the bench's mixed log's
 * pages never hit. Indexed by the hash's high bits, apart from the memo's set.
 */
function missedBefore(memo: Memo): bool {
  const sets = memo.places * MISSED_PER_PLACE / 4;
  const slots = memo.missed + (<usize>(rotr<u32>(hash, 16) & (sets - 1)) << 4);
  const seen = v128.load(slots);
  const key = i32x4.splat(hash);
  if (v128.any_true(i32x4.eq(seen, key))) return true;
  v128.store(slots, i8x16.shuffle(key, seen, 0, 1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27));
  return false;
}

/**
 * Picks `way`, a place of the set whose key was not hit in its set's last three misses (of keys
 * missed before); when there is none, those misses count one more. Each place has a 2-bit count
 * of the set's misses it may still outlive, set to 3 when its key is hit or stored: a set whose
 * four keys keep being hit keeps them while up to three more keys of the set miss in turn (with
 * one bit, "hit since the last miss", a second such key found the bits cleared by the first and
 * evicted a key still in use), and a key no longer hit leaves after three.
 */
function placeFor(): bool {
  const counts = load<u32>(tag, 16);
  const spent = ~(counts | (counts >> 1)) & 0x55; // a bit at each place whose count is 0
  if (spent == 0) {
    store<u32>(tag, counts - 0x55, 16); // every count is at least 1: no borrow between them
    return false;
  }
  way = <usize>(ctz(spent) >> 1);
  return true;
}

/** Whether entry `e` holds the key `a` + `b`, under the current settings. */
@inline function holds(e: usize, a: usize, aLen: usize, b: usize, bLen: usize): bool {
  return load<u32>(e) == configGeneration && <usize>load<u32>(e, 4) == aLen && <usize>load<u32>(e, 8) == bLen &&
    sameBytes(e + HEADER, a, aLen) && sameBytes(e + HEADER + aLen, b, bLen);
}

/**
 * After a miss of a key missed before (`missedBefore`): stores the key and the values the work set
 * in `columns` (`count` i32 column ids). Values inside the key's main part are kept as offsets
 * into it, values inside the first value copied as offsets into its copy, others are copied; an
 * entry that would not fit is not stored (the next time redoes the work).
 */
export function remember(memo: Memo, columns: usize, count: i32): void {
  if (!worthKeeping) return;
  const e = entry;
  const keyEnd = HEADER + keyALen + keyBLen;
  let records = keyEnd;
  let values = keyEnd + <usize>count * RECORD;
  if (values > memo.entryBytes) return;
  store<u32>(e, 0xffffffff, 4); // no key matches until the entry is complete
  let base: usize = 0;
  let baseLen: usize = 0;
  let baseAt: usize = 0;
  for (let i = 0; i < count; i++) {
    const col = load<i32>(columns + (<usize>i << 2));
    const code = load<u8>(prioBuf + <usize>col);
    if (code == 0) continue;
    const p = slotPtr(col);
    const n = <usize>slotLen(col);
    let at: usize;
    if (p >= keyA && p + n <= keyA + keyALen) at = HEADER + (p - keyA);
    else if (baseLen > 0 && p >= base && p + n <= base + baseLen) at = baseAt + (p - base);
    else {
      if (values + n > memo.entryBytes) return;
      at = values;
      memory.copy(e + values, p, n);
      if (baseLen == 0) {
        base = p;
        baseLen = n;
        baseAt = values;
      }
      values += n;
    }
    store<u32>(e + records, <u32>(e + at));
    store<u32>(e + records, <u32>n, 4);
    store<u8>(e + records, <u8>col, 8);
    store<u8>(e + records, code, 9);
    records += RECORD;
  }
  memory.copy(e + HEADER, keyA, keyALen);
  memory.copy(e + HEADER + keyALen, keyB, keyBLen);
  store<u32>(e, <u32>keyALen, 4);
  store<u32>(e, <u32>keyBLen, 8);
  store<u32>(e, <u32>((records - keyEnd) / RECORD), 12);
  store<u32>(e, configGeneration);
  store<u32>(tag + (way << 2), hash);
  store<u32>(tag, load<u32>(tag, 16) | (<u32>3 << (<u32>way << 1)), 16); // counts as a hit
}
