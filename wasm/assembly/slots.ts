/**
 * The current line's column values: per column a (pointer, length) into the input, the scratch
 * area or the constant strings, plus the priority of whoever set it. Higher priority wins, equal
 * priority lets the later value win (duplicate keys: the last one counts, as in the classic ETL).
 */
import { COLUMN_COUNT } from './generated/contract';
import { PRIO_BYTES, prioBuf, scratchBuf, slotBuf } from './layout';

/** Priority of values taken from the log line; parameters rank above them (table priority + 1). */
export const PRIO_LOG: u8 = 1;

/** Next free byte of the scratch area; reset per line. */
export let scratch: usize = 0;

/** One bit per column holding a value (3 × 64 bits ≥ 131 columns), so a row is written without visiting empty columns. */
export const filled: usize = memory.data(24);

/** Empties every column: a slot counts only while its priority is set, so the slots themselves are left as they are. */
export function resetSlots(): void {
  const zero = i64x2.splat(0);
  for (let i: usize = 0; i < PRIO_BYTES; i += 16) v128.store(prioBuf + i, zero);
  v128.store(filled, zero);
  store<u64>(filled, 0, 16);
  scratch = scratchBuf;
}

/** The word of a column bitmap laid out as `filled` (3 × u64 at `bits`) that holds column `col`'s bit. */
// @ts-ignore: decorator
@inline
export function columnWord(bits: usize, col: i32): usize {
  return bits + (<usize>(col >> 6) << 3);
}

/** Column `col`'s bit within its word. */
// @ts-ignore: decorator
@inline
export function columnBit(col: i32): u64 {
  return <u64>1 << <u64>(col & 63);
}

@inline function mark(col: i32, on: bool): void {
  const word = columnWord(filled, col);
  const bit = columnBit(col);
  store<u64>(word, on ? load<u64>(word) | bit : load<u64>(word) & ~bit);
}

/** Claims scratch bytes up to `end` (the caller wrote them starting at `scratch`). */
// @ts-ignore: decorator
@inline
export function claimScratch(end: usize): void {
  scratch = end;
}

/** Sets column `col` unless a higher-priority value is there. An empty value clears it (null). */
export function setSlot(col: i32, ptr: usize, len: u32, prio: u8): void {
  if (prio < load<u8>(prioBuf + <usize>col)) return;
  store<u8>(prioBuf + <usize>col, prio);
  const slot = slotBuf + (<usize>col << 3);
  store<u32>(slot, <u32>ptr);
  store<u32>(slot, len, 4);
  mark(col, len > 0);
}

// @ts-ignore: decorator
@inline
export function slotPtr(col: i32): usize {
  return slotPrio(col) == 0 ? 0 : <usize>load<u32>(slotBuf + (<usize>col << 3));
}

// @ts-ignore: decorator
@inline
export function slotLen(col: i32): u32 {
  return slotPrio(col) == 0 ? 0 : load<u32>(slotBuf + (<usize>col << 3), 4);
}

/** A value of a column marked in `filled` (a row visits only those), read without the priority check. */
// @ts-ignore: decorator
@inline
export function filledPtr(col: i32): usize {
  return <usize>load<u32>(slotBuf + (<usize>col << 3));
}
// @ts-ignore: decorator
@inline
export function filledLen(col: i32): u32 {
  return load<u32>(slotBuf + (<usize>col << 3), 4);
}

/** Empties a column whatever set it. */
export function clearSlot(col: i32): void {
  store<u8>(prioBuf + <usize>col, 0);
  mark(col, false);
}

/** Priority of whatever set the column (0: nothing did). */
// @ts-ignore: decorator
@inline
export function slotPrio(col: i32): u8 {
  return load<u8>(prioBuf + <usize>col);
}
