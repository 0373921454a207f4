/**
 * The three outputs the binding drains: event rows (TSV), their index records, bad rows (JSON lines).
 * `fits` keeps every line's output within capacity, so a full buffer pauses parsing instead of overflowing.
 */
import { appendValue, blockBits, splat } from './scan';
import { Char } from './chars';
import { COLUMN_COUNT, Col } from './generated/contract';
import { INDEX_WORDS, MAX_FIELDS_LINE, MAX_PAYLOAD, MAX_SOURCE, PRIO_BYTES, badBuf, badCap, eventsBuf, eventsCap, fragmentsBuf, fragmentsCap, indexBuf, indexCap, prioBuf, slotBuf } from './layout';
import { filledLen } from './slots';

export let eventsLen: u32 = 0;
export let indexCount: u32 = 0;
export let badLen: u32 = 0;
export let fragmentsLen: u32 = 0;

export function clearOutput(): void {
  eventsLen = 0;
  indexCount = 0;
  badLen = 0;
  fragmentsLen = 0;
}

/**
 * Rows written since the last drain after which parsing pauses for one, however much room is
 * left: the capacity is sized for the largest line's output, but rows drained in batches this
 * small are written over the same memory again and again, while it is still in the core's cache.
 */
const EVENTS_BATCH: u32 = 256 << 10;

/** Whether the outputs have room for whatever a line of `lineLen` bytes can produce. */
export function fits(lineLen: u32): bool {
  // A decoded value is ≤ 4× its raw bytes and a row holds it at most twice (whole, and split into
  // parts), plus derived text; a bad row escapes the line (≤ 6×).
  // A line may carry an extension payload (docs/protocol.md), bounded by MAX_PAYLOAD once inflated.
  return (
    eventsLen < EVENTS_BATCH &&
    eventsCap - eventsLen >= (lineLen + MAX_PAYLOAD) * 8 + 65536 &&
    badCap - badLen >= lineLen * 6 + MAX_SOURCE * 6 + 65536 &&
    fragmentsCap - fragmentsLen >= lineLen * 6 + (MAX_SOURCE + MAX_FIELDS_LINE) * 6 + 65536 &&
    indexCount < indexCap
  );
}

/** `n` TABs at `dst`, 16 at a time (the row's tail is free: up to 15 more may be written); returns the end. */
@inline function tabs(dst: usize, n: usize): usize {
  const tab = splat(<i8>Char.TAB);
  for (let i: usize = 0; i < n; i += 16) v128.store(dst + i, tab);
  return dst + n;
}

/** Bits of the 64 columns from `first` that hold a value: their slot codes' low bits (slots.ts), 16 a step. */
// @ts-ignore: decorator
@inline
function filledBits(first: usize): u64 {
  const p = prioBuf + first;
  // columns past the last are padding, never set; the bytes past PRIO_BYTES are read but dropped.
  // Each byte's low bit to its top bit by a 16-bit shift (bits crossing into a byte's low bits
  // are never read): one instruction, where V8 makes an 8-bit shift a 16-bit one and a mask
  const bits = blockBits(i16x8.shl(v128.load(p), 7), i16x8.shl(v128.load(p, 16), 7), i16x8.shl(v128.load(p, 32), 7), i16x8.shl(v128.load(p, 48), 7));
  const left = <usize>PRIO_BYTES - first;
  return left >= 64 ? bits : bits & ((<u64>1 << <u64>left) - 1);
}

/** Columns up to event_id, the row writer's first part: event_id's place in the row is where that part ends, less its length. */
const UP_TO_EVENT_ID: u64 = (<u64>1 << <u64>(Col.event_id + 1)) - 1;

/**
 * Writes the current slots as one TSV row and its index record. Only filled columns are visited
 * (most of the 131 are empty): before column c's value stand exactly c TABs. A column's TABs are
 * one 16-byte store (a loop only past 16), and event_id's place is found once, between the first
 * two parts, not compared at every column: V8 runs 27 instructions a column (39 before; bench/instructions.ts).
 */
export function writeRow(date: u32, flags: u32): void {
  const rowStart = eventsBuf + eventsLen;
  const tab = splat(<i8>Char.TAB);
  let dst = rowStart;
  let eventIdAt: usize = 0;
  let next = 0; // the column whose TAB-separated place is at dst
  // parts: columns 0–6 (to event_id), 7–63, 64–127, 128–
  const first = filledBits(0);
  for (let part = 0; part < 4; part++) {
    const base = part < 2 ? 0 : (part - 1) << 6;
    let bits = part == 0 ? first & UP_TO_EVENT_ID : part == 1 ? first & ~UP_TO_EVENT_ID : filledBits(<usize>base);
    while (bits != 0) {
      const col = base + <i32>ctz(bits);
      bits &= bits - 1;
      const gap = <usize>(col - next);
      v128.store(dst, tab);
      dst = gap <= 16 ? dst + gap : tabs(dst, gap);
      next = col;
      const slot = load<u64>(slotBuf + (<usize>col << 3));
      const n = <usize>(slot >> 32);
      appendValue(dst, <usize>(<u32>slot), n);
      dst += n;
    }
    if (part == 0) eventIdAt = dst - filledLen(Col.event_id); // always set (line.ts derives one when no eid)
  }
  dst = tabs(dst, <usize>(COLUMN_COUNT - 1 - next));
  store<u8>(dst++, Char.LF);
  const record = indexBuf + <usize>indexCount * INDEX_WORDS * 4;
  store<u32>(record, eventsLen);
  store<u32>(record, <u32>(dst - rowStart), 4);
  store<u32>(record, date, 8);
  store<u32>(record, <u32>(eventIdAt - rowStart), 12);
  store<u32>(record, flags, 16);
  indexCount++;
  eventsLen = <u32>(dst - eventsBuf);
}

/** Where the next bad row goes; `badWritten(end)` commits it. */
export function badCursor(): usize {
  return badBuf + badLen;
}

export function badWritten(end: usize): void {
  badLen = <u32>(end - badBuf);
}

export function fragmentCursor(): usize {
  return fragmentsBuf + fragmentsLen;
}

export function fragmentWritten(end: usize): void {
  fragmentsLen = <u32>(end - fragmentsBuf);
}
