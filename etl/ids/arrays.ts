/**
 * Recycled word arrays for the id sets' tables (powers of two). A log's id sets grow by doubling
 * and are dropped when it ends; freed, multi-megabyte arrays make glibc raise its mmap threshold,
 * and later arrays of that size come from heap arenas that are not given back to the system: the
 * process grows log after log. Handing arrays back here and taking them again keeps a thread's
 * large allocations made once. MAX_POOLED_BYTES holds a full set of a log (`MAX_IDS`: 2 MiB of
 * table) and the smaller tables it grew through.
 */

const MAX_POOLED_BYTES = 5 << 20;
const free = new Map<number, Uint32Array[]>();
let pooled = 0;

/** A zero-filled array of `length` words, recycled when one is free. */
export function takeWords(length: number): Uint32Array {
  const array = free.get(length)?.pop();
  if (!array) return new Uint32Array(length);
  pooled -= array.byteLength;
  return array.fill(0);
}

/** Gives an array back (it must not be used any more). */
export function giveWords(array: Uint32Array): void {
  if (array.byteLength < 4096 || pooled + array.byteLength > MAX_POOLED_BYTES) return;
  let list = free.get(array.length);
  if (!list) free.set(array.length, (list = []));
  list.push(array);
  pooled += array.byteLength;
}
