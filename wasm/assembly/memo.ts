/**
 * Column memos. Some enrichments fill columns from a few input bytes alone: the page URL's parts,
 * campaign and linker come from the page URL; the referrer's parts and its classification from
 * the referrer and the page's host; browser, OS and device from the User-Agent. Sites log the
 * same few hundred pages, referrers and UAs over and over, so each memo keeps, per distinct input
 * (direct-mapped, keyed by a hash, checked against a stored copy), the columns the work filled,
 * and a hit sets them again without redoing it. A memo's columns must be ones only its work sets
 * (no tracker parameter does), so that setting the stored values with their stored priorities
 * leaves the row exactly as the work would have. (One exception, guarded where it is made: a
 * log's User-Agent, recalled only on lines without the `ua` parameter: useragent.ts.)
 *
 * An entry: u32 settings generation, u32 length of the key's main part, u32 of its second part,
 * u32 records, the key, 8-byte records (u8 column, u8 priority, u16 length, u32 offset of the
 * value in the entry), then the values that were not inside the key's main part.
 */
import { configGeneration } from './config';
import { keyHash } from './hash';
import { sameBytes } from './scan';
import { setSlot, slotLen, slotPrio, slotPtr } from './slots';

const HEADER: usize = 16;
const RECORD: usize = 8;

/**
 * A memo: `places` entries of `entryBytes` each, and per place two tags: the hash of the key
 * stored there and of the last key missed there. A lookup reads the small tag table first, so a
 * miss touches no entry unless two hashes collide; a key is stored on its second miss in a row
 * at its place, so keys seen once (URLs with a click id, say) cost a hash and never evict a key
 * that repeats.
 */
@unmanaged
export class Memo {
  constructor(
    readonly entries: usize,
    readonly places: u32,
    readonly entryBytes: usize,
    readonly tags: usize,
  ) {}
}

/** Allocates a memo's table once, zeroed (a zeroed entry holds an empty key, which is never looked up). */
export function allocateMemo(places: u32, entryBytes: usize): Memo {
  const tableBytes = <usize>places * entryBytes;
  const bytes = tableBytes + (<usize>places << 3);
  const base = heap.alloc(bytes);
  memory.fill(base, 0, bytes);
  return new Memo(base, places, entryBytes, base + tableBytes);
}

// The last lookup's key and place, for `remember` after a miss: shared by all memos, so the work
// between a miss and its `remember` must not look up another memo (none does).
let entry: usize = 0;
let tag: usize = 0;
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
  hash = keyHash(a, aLen) ^ (keyHash(b, bLen) * 0x9e3779b1);
  const place = <usize>(hash & (memo.places - 1));
  tag = memo.tags + (place << 3);
  entry = memo.entries + place * memo.entryBytes;
  keyA = a;
  keyALen = aLen;
  keyB = b;
  keyBLen = bLen;
  const e = entry;
  if (
    load<u32>(tag) != hash || load<u32>(e) != configGeneration || <usize>load<u32>(e, 4) != aLen || <usize>load<u32>(e, 8) != bLen ||
    !sameBytes(e + HEADER, a, aLen) || !sameBytes(e + HEADER + aLen, b, bLen)
  ) {
    worthKeeping = load<u32>(tag, 4) == hash;
    store<u32>(tag, hash, 4);
    return false;
  }
  const records = <usize>load<u32>(e, 12);
  let r = e + HEADER + aLen + bLen;
  for (let i: usize = 0; i < records; i++, r += RECORD) {
    setSlot(<i32>load<u8>(r), e + <usize>load<u32>(r, 4), <u32>load<u16>(r, 2), load<u8>(r, 1));
  }
  return true;
}

/**
 * After a miss of a key missed there just before: stores the key and the values the work set in
 * `columns` (`count` i32 column ids). Values inside the key's main part are kept as offsets into
 * it, others are copied; an entry that would not fit is not stored (the next time redoes the work).
 */
export function remember(memo: Memo, columns: usize, count: i32): void {
  if (!worthKeeping) return;
  const e = entry;
  const keyEnd = HEADER + keyALen + keyBLen;
  let records = keyEnd;
  let values = keyEnd + <usize>count * RECORD;
  if (values > memo.entryBytes) return;
  store<u32>(e, 0xffffffff, 4); // no key matches until the entry is complete
  for (let i = 0; i < count; i++) {
    const col = load<i32>(columns + (<usize>i << 2));
    const prio = slotPrio(col);
    if (prio == 0) continue;
    const p = slotPtr(col);
    const n = <usize>slotLen(col);
    let at: usize;
    if (p >= keyA && p + n <= keyA + keyALen) at = HEADER + (p - keyA);
    else {
      if (values + n > memo.entryBytes) return;
      at = values;
      memory.copy(e + values, p, n);
      values += n;
    }
    store<u8>(e + records, <u8>col);
    store<u8>(e + records, prio, 1);
    store<u16>(e + records, <u16>n, 2);
    store<u32>(e + records, <u32>at, 4);
    records += RECORD;
  }
  memory.copy(e + HEADER, keyA, keyALen);
  memory.copy(e + HEADER + keyALen, keyB, keyBLen);
  store<u32>(e, <u32>keyALen, 4);
  store<u32>(e, <u32>keyBLen, 8);
  store<u32>(e, <u32>((records - keyEnd) / RECORD), 12);
  store<u32>(e, configGeneration);
  store<u32>(tag, hash);
}
