/**
 * Sorting ids held as u32 word quadruples (`eid.ts`): an LSD radix sort on bytes, 16 stable
 * passes, linear in the count whatever the ids look like (they may come from clients, so no
 * distribution is assumed). Small arrays take an insertion sort.
 */
import { ID_WORDS, compareIds } from './eid.ts';

/**
 * Sorts the first `n` ids of `words` in place; returns `words`. `scratch` (at least n ids, not
 * overlapping them) is the radix sort's second buffer; without it one is allocated.
 */
export function sortIds(words: Uint32Array, n: number, scratch: Uint32Array = new Uint32Array(n >= 64 ? n * ID_WORDS : 0)): Uint32Array {
  if (n < 64) return insertionSort(words, n);
  if (scratch.length < n * ID_WORDS) throw new RangeError(`sorting ${n} ids needs ${n * ID_WORDS} words of scratch, not ${scratch.length}`);
  let from: Uint32Array = words;
  let to: Uint32Array = scratch;
  const counts = new Uint32Array(256);
  for (let word = ID_WORDS - 1; word >= 0; word--) {
    for (let shift = 0; shift < 32; shift += 8) {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[(from[i * ID_WORDS + word]! >>> shift) & 255]!++;
      if (counts.some((c) => c === n)) continue; // every id has the same byte here: nothing to move
      let sum = 0;
      for (let d = 0; d < 256; d++) {
        const c = counts[d]!;
        counts[d] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const at = i * ID_WORDS;
        const dst = counts[(from[at + word]! >>> shift) & 255]!++ * ID_WORDS;
        to[dst] = from[at]!;
        to[dst + 1] = from[at + 1]!;
        to[dst + 2] = from[at + 2]!;
        to[dst + 3] = from[at + 3]!;
      }
      [from, to] = [to, from];
    }
  }
  if (from !== words) words.set(from.subarray(0, n * ID_WORDS));
  return words;
}

function insertionSort(words: Uint32Array, n: number): Uint32Array {
  const held = new Uint32Array(ID_WORDS);
  for (let i = 1; i < n; i++) {
    held.set(words.subarray(i * ID_WORDS, (i + 1) * ID_WORDS));
    let j = i - 1;
    while (j >= 0 && compareIds(words, j * ID_WORDS, held, 0) > 0) {
      words.copyWithin((j + 1) * ID_WORDS, j * ID_WORDS, (j + 1) * ID_WORDS);
      j--;
    }
    words.set(held, (j + 1) * ID_WORDS);
  }
  return words;
}
