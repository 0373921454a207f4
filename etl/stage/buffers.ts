/**
 * Reusable copies for gzip writes. The parser's output is a view into wasm memory, so each write
 * must copy; taking the copy from a few recycled slabs (returned when zlib has consumed them)
 * instead of a fresh Buffer keeps gigabytes of short-lived Buffers out of the heap (`memory.ts`).
 */

const SLAB = 1 << 20;
const KEEP = 4;

const free: Buffer[] = [];

/** A copy of `bytes` and the function that gives its memory back once it is consumed. */
export function pooledCopy(bytes: Uint8Array): { readonly copy: Buffer; readonly release: () => void } {
  if (bytes.length > SLAB) return { copy: Buffer.from(bytes), release: () => undefined };
  const slab = free.pop() ?? Buffer.allocUnsafeSlow(SLAB);
  slab.set(bytes);
  return {
    copy: slab.subarray(0, bytes.length),
    release: () => {
      if (free.length < KEEP) free.push(slab);
    },
  };
}
