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

/**
 * Per column (prioBuf) one byte: the priority of whoever set it, shifted up one bit, and in the
 * low bit whether it holds a value (an empty one is null). So a row is written without visiting
 * empty columns (output.ts reads the low bits 16 at a time), and setting a column writes the byte
 * instead of also updating a bitmap word: those read-modify-writes of three words, one per value,
 * waited on one another.
 */
// @ts-ignore: decorator
@inline
function slotCode(prio: u8, len: u32): u8 {
  return (prio << 1) | <u8>(len > 0);
}

/** Empties every column: a slot counts only while its priority is set, so the slots themselves are left as they are. */
export function resetSlots(): void {
  const zero = i64x2.splat(0);
  for (let i: usize = 0; i < PRIO_BYTES; i += 16) v128.store(prioBuf + i, zero);
  scratch = scratchBuf;
}

/** Claims scratch bytes up to `end` (the caller wrote them starting at `scratch`). */
// @ts-ignore: decorator
@inline
export function claimScratch(end: usize): void {
  scratch = end;
}

/** Sets column `col` unless a higher-priority value is there. An empty value clears it (null). */
export function setSlot(col: i32, ptr: usize, len: u32, prio: u8): void {
  if (prio < slotPrio(col)) return;
  store<u8>(prioBuf + <usize>col, slotCode(prio, len));
  const slot = slotBuf + (<usize>col << 3);
  store<u32>(slot, <u32>ptr);
  store<u32>(slot, len, 4);
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

/** A value of a column that holds one (its slot code's low bit: a row visits only those), read without the priority check. */
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
}

/** Priority of whatever set the column (0: nothing did). */
// @ts-ignore: decorator
@inline
export function slotPrio(col: i32): u8 {
  return load<u8>(prioBuf + <usize>col) >> 1;
}
