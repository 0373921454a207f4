/**
 * An exact set of event ids in typed arrays (open addressing, linear probing): 16 bytes per slot
 * and one bit, at most half full, no per-id object. It grows by doubling up to `maxIds`; the owner
 * spills it to a sorted run (`file.ts`) when it is full, so its memory never exceeds about
 * 33 × maxIds bytes. Sorting happens inside the table (no copy), and its arrays come from and go
 * back to `arrays.ts` (`release()`), so a set makes no garbage.
 */
import { giveWords, takeWords } from './arrays.ts';
import { ID_WORDS } from './eid.ts';
import { sortIds } from './sort.ts';

export class IdSet {
  private keys: Uint32Array;
  /** One bit per slot. */
  private used: Uint32Array;
  private mask: number;
  size = 0;

  constructor(readonly maxIds: number, initialSlots = 1024) {
    this.keys = takeWords(initialSlots * ID_WORDS);
    this.used = takeWords(Math.ceil(initialSlots / 32));
    this.mask = initialSlots - 1;
  }

  get full(): boolean {
    return this.size >= this.maxIds;
  }

  get bytes(): number {
    return this.keys.byteLength + this.used.byteLength;
  }

  private isUsed(slot: number): boolean {
    return (this.used[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }

  has(id: Uint32Array, o = 0): boolean {
    return this.find(id, o) < 0;
  }

  /** Adds the id; false when it was already there. */
  add(id: Uint32Array, o = 0): boolean {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const slot = this.find(id, o);
    if (slot < 0) return false;
    this.used[slot >>> 5]! |= 1 << (slot & 31);
    const k = slot * ID_WORDS;
    this.keys[k] = id[o]!;
    this.keys[k + 1] = id[o + 1]!;
    this.keys[k + 2] = id[o + 2]!;
    this.keys[k + 3] = id[o + 3]!;
    this.size++;
    return true;
  }

  /**
   * The ids, sorted, as the first `size × ID_WORDS` words of the set's own table, which is left
   * empty for reuse: the words are valid until the set is added to or released. At most half the
   * slots are used, so the entries are packed into the lower half and the upper half is the
   * sort's scratch space.
   */
  sorted(): Uint32Array {
    const n = this.size;
    const keys = this.keys;
    let at = 0;
    for (let s = 0; s <= this.mask; s++) {
      if (!this.isUsed(s)) continue;
      if (s !== at) {
        const from = s * ID_WORDS, to = at * ID_WORDS;
        keys[to] = keys[from]!;
        keys[to + 1] = keys[from + 1]!;
        keys[to + 2] = keys[from + 2]!;
        keys[to + 3] = keys[from + 3]!;
      }
      at++;
    }
    const half = ((this.mask + 1) >>> 1) * ID_WORDS;
    sortIds(keys, n, keys.subarray(half));
    this.clear();
    return keys.subarray(0, n * ID_WORDS);
  }

  /** Empties the set, keeping its table. */
  clear(): void {
    this.used.fill(0);
    this.size = 0;
  }

  /** Gives the arrays back; the set is empty and unusable after. */
  release(): void {
    giveWords(this.keys);
    giveWords(this.used);
    this.keys = new Uint32Array(0);
    this.used = new Uint32Array(0);
    this.size = 0;
  }

  /** The slot holding the id as -1, or the free slot where it would go. */
  private find(id: Uint32Array, o: number): number {
    const a = id[o]!, b = id[o + 1]!, c = id[o + 2]!, d = id[o + 3]!;
    let h = a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ Math.imul(d, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    let slot = (h ^ (h >>> 16)) & this.mask;
    for (;;) {
      if (!this.isUsed(slot)) return slot;
      const k = slot * ID_WORDS;
      if (this.keys[k] === a && this.keys[k + 1] === b && this.keys[k + 2] === c && this.keys[k + 3] === d) return -1;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const keys = this.keys;
    const used = this.used;
    const old = this.mask + 1;
    const slots = old * 2;
    this.keys = takeWords(slots * ID_WORDS);
    this.used = takeWords(Math.ceil(slots / 32));
    this.mask = slots - 1;
    this.size = 0;
    for (let s = 0; s < old; s++) if ((used[s >>> 5]! & (1 << (s & 31))) !== 0) this.add(keys, s * ID_WORDS);
    giveWords(keys);
    giveWords(used);
  }
}
