/**
 * Id files: sorted, distinct event ids, 16 bytes each, big-endian, nothing else (the count is the
 * size / 16). They are what the lake remembers per date (`_dedup/`), and on local disk they are
 * looked up without loading them: a sparse index (every 256th id, 1/256 of the file) finds the
 * 4-KiB block that may hold an id, and one read of that block answers.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { ID_BYTES, ID_WORDS, compareIds } from './eid.ts';

/** Ids per block of the sparse index. */
const BLOCK = 256;
/** Files up to this many ids are read whole instead of indexed. */
const SMALL = 4096;

if (endianness() !== 'LE') throw new Error('id files assume a little-endian machine'); // words ↔ big-endian bytes by swap32

/** Writes the first `n` ids of `words` (already sorted and distinct) to `path`. */
export function writeIdFile(path: string, words: Uint32Array, n: number): void {
  const fd = openSync(path, 'w');
  const step = WRITE_CHUNK.length / ID_WORDS;
  try {
    for (let i = 0; i < n; i += step) {
      const m = Math.min(step, n - i);
      WRITE_CHUNK.set(words.subarray(i * ID_WORDS, (i + m) * ID_WORDS));
      writeSync(fd, Buffer.from(WRITE_CHUNK.buffer, 0, m * ID_BYTES).swap32());
    }
  } finally {
    closeSync(fd);
  }
}

/** writeIdFile's buffer (synchronous, so one per thread is enough): 64 KiB, big-endian bytes made in place. */
const WRITE_CHUNK = new Uint32Array(65536 / 4);

/** Reads an id file front to back in 64-KiB steps, as words, into one array of its own. */
export class IdReader {
  private readonly fd: number;
  /** Also the read buffer: ids are swapped to words in place (no copy, no garbage per step). */
  private readonly words = new Uint32Array(65536 / 4);
  private readonly bytes = Buffer.from(this.words.buffer);
  private end = 0;
  private at = 0;
  private pos = 0;
  readonly count: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    this.count = Math.floor(fstatSync(this.fd).size / ID_BYTES);
  }

  /** The next id's offset in `this.current` (valid until the next call), or -1 at the end. */
  next(): number {
    if (this.at >= this.end) {
      const n = readSync(this.fd, this.bytes, 0, this.bytes.length, this.pos);
      const whole = n - (n % ID_BYTES);
      if (whole === 0) return -1;
      this.pos += whole;
      this.bytes.subarray(0, whole).swap32();
      this.end = whole / 4;
      this.at = 0;
    }
    const o = this.at;
    this.at += ID_WORDS;
    return o;
  }

  get current(): Uint32Array {
    return this.words;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** How an open id file can be shared with worker threads (they open the path themselves). */
export interface IdFileShape {
  readonly path: string;
  readonly count: number;
  readonly sparse: SharedArrayBuffer | ArrayBuffer;
}

/** A sorted id file on local disk, open for lookups. */
export class IdFile {
  private fd: number | undefined;
  private readonly sparse: Uint32Array;
  private readonly block = Buffer.alloc(BLOCK * ID_BYTES);
  private readonly probe = new Uint32Array(ID_WORDS);

  private constructor(
    readonly path: string,
    readonly count: number,
    sparse: SharedArrayBuffer | ArrayBuffer,
  ) {
    this.sparse = new Uint32Array(sparse);
  }

  /**
   * Opens `path`: one sequential read builds the sparse index (small files are kept whole), and
   * every id is handed to `each` on the way (to fill a Bloom filter).
   */
  static open(path: string, options: { shared?: boolean; each?: (id: Uint32Array, o: number) => void } = {}): IdFile {
    const reader = new IdReader(path);
    const count = reader.count;
    const whole = count <= SMALL;
    const entries = whole ? count : Math.ceil(count / BLOCK);
    const bytes = entries * ID_BYTES;
    const sparse = options.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    const index = new Uint32Array(sparse);
    try {
      for (let i = 0, o = reader.next(); o >= 0; i++, o = reader.next()) {
        if (whole || i % BLOCK === 0) index.set(reader.current.subarray(o, o + ID_WORDS), (whole ? i : i / BLOCK) * ID_WORDS);
        options.each?.(reader.current, o);
      }
    } finally {
      reader.close();
    }
    return new IdFile(path, count, sparse);
  }

  static from(shape: IdFileShape): IdFile {
    return new IdFile(shape.path, shape.count, shape.sparse);
  }

  shape(): IdFileShape {
    return { path: this.path, count: this.count, sparse: this.sparse.buffer as SharedArrayBuffer | ArrayBuffer };
  }

  /** Exact membership. */
  has(id: Uint32Array, o = 0): boolean {
    if (this.count === 0) return false;
    const entries = this.sparse.length / ID_WORDS;
    // last sparse entry <= id
    let lo = 0, hi = entries - 1;
    if (compareIds(this.sparse, 0, id, o) > 0) return false;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (compareIds(this.sparse, mid * ID_WORDS, id, o) <= 0) lo = mid;
      else hi = mid - 1;
    }
    if (this.count <= SMALL) return compareIds(this.sparse, lo * ID_WORDS, id, o) === 0;
    this.fd ??= openSync(this.path, 'r');
    const n = readSync(this.fd, this.block, 0, this.block.length, lo * BLOCK * ID_BYTES) / ID_BYTES;
    let a = 0, b = n - 1;
    while (a <= b) {
      const mid = (a + b) >>> 1;
      for (let w = 0; w < ID_WORDS; w++) this.probe[w] = this.block.readUInt32BE(mid * ID_BYTES + w * 4);
      const c = compareIds(this.probe, 0, id, o);
      if (c === 0) return true;
      if (c < 0) a = mid + 1;
      else b = mid - 1;
    }
    return false;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
