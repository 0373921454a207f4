/**
 * A Bloom filter over event ids: answers "certainly not seen" for almost every new event without
 * touching the exact id files, in a fixed number of bits. It can sit in a SharedArrayBuffer so
 * every worker thread reads the same filter; it is filled before it is shared and never after.
 *
 * Hashing: the two probe seeds mix all four words (ids may come from clients, so no word is
 * trusted to be random); probes are h1 + i·h2 (Kirsch–Mitzenmacher double hashing).
 */
import { ID_WORDS } from './eid.ts';

/** 12 bits per id and 8 probes: about 0.3 % false positives at the planned count. */
export const BLOOM_BITS_PER_ID = 12;
const PROBES = 8;
const MIN_BITS = 1 << 16;

const mix = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

export interface BloomShape {
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
  /** Ids added, for sizing decisions. */
  readonly count: number;
}

export class Bloom {
  private readonly words: Uint32Array;
  private readonly mask: number;
  count: number;

  constructor(readonly buffer: SharedArrayBuffer | ArrayBuffer, count = 0) {
    this.words = new Uint32Array(buffer);
    this.mask = this.words.length * 32 - 1;
    this.count = count;
  }

  /** A filter planned for `ids` ids, its size a power of two between 8 KiB and `maxBytes`. */
  static planned(ids: number, maxBytes: number, shared = false): Bloom {
    let bits = MIN_BITS;
    while (bits < ids * BLOOM_BITS_PER_ID && bits * 2 <= maxBytes * 8) bits *= 2;
    return new Bloom(shared ? new SharedArrayBuffer(bits / 8) : new ArrayBuffer(bits / 8));
  }

  static from(shape: BloomShape): Bloom {
    return new Bloom(shape.buffer, shape.count);
  }

  get bytes(): number {
    return this.buffer.byteLength;
  }

  /** Ids this filter holds before its false-positive rate passes its plan. */
  get capacity(): number {
    return Math.floor((this.mask + 1) / BLOOM_BITS_PER_ID);
  }

  add(id: Uint32Array, o = 0): void {
    const [h1, h2] = seeds(id, o);
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      this.words[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.count++;
  }

  /** False: certainly never added. True: probably added. */
  mayHave(id: Uint32Array, o = 0): boolean {
    const [h1, h2] = seeds(id, o);
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      if ((this.words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  shape(): BloomShape {
    return { buffer: this.buffer, count: this.count };
  }
}

const pair: [number, number] = [0, 0];
/**
 * Both seeds hash all four words, chained: a word that never changes (a client's fixed prefix,
 * a counter's zero high bits) must not leave a seed constant, or the probes of different ids
 * would share bits and the false positives multiply (with `h1` from two words only, ids that
 * differ in their last word alone gave 5 % instead of 0.3 %).
 */
function seeds(id: Uint32Array, o: number): [number, number] {
  const a = id[o]!, b = id[o + 1]!, c = id[o + 2]!, d = id[o + ID_WORDS - 1]!;
  pair[0] = mix(a ^ mix(b ^ mix(c ^ mix(d ^ 0x9e3779b9))));
  pair[1] = mix(d ^ mix(c ^ mix(b ^ mix(a ^ 0x7f4a7c15)))) | 1;
  return pair;
}
