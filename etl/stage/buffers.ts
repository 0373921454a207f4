/**
 * Reusable copies for gzip writes. The parser's output is a view into wasm memory, so each write
 * must copy; taking the copies from recycled slabs (returned when zlib has consumed them) instead
 * of fresh Buffers keeps gigabytes of short-lived Buffers out of the heap (`memory.ts`). Writes
 * are cut into slab-sized pieces, so no size of parser batch ever allocates.
 */

export const SLAB_BYTES = 256 << 10;
/** Slabs kept for reuse per thread: more than a file's backlog (2 MiB, `gzip-file.ts`) holds. */
const KEEP = 16;

const free: Buffer[] = [];

/** A copy of `bytes` (at most SLAB_BYTES) and the function that gives its memory back once it is consumed. */
export function pooledCopy(bytes: Uint8Array): { readonly copy: Buffer; readonly release: () => void } {
  if (bytes.length > SLAB_BYTES) throw new RangeError(`a pooled copy holds at most ${SLAB_BYTES} bytes, not ${bytes.length}`);
  const slab = free.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
  slab.set(bytes);
  return {
    copy: slab.subarray(0, bytes.length),
    release: () => {
      if (free.length < KEEP) free.push(slab);
    },
  };
}
