/**
 * Firn's log parser: CloudFront access-log bytes in; canonical event rows (TSV), an index of
 * them, and bad rows (JSON lines) out. The binding (wasm/binding/) copies each chunk once into
 * the input buffer, calls `parse`, and drains the outputs; there is no call per line.
 *
 *   init → per file: write name at sourcePointer(), beginFile → loop: copy ≤ inputSpace() bytes
 *   to inputPointer()+inputFill(), commit(n), parse(false) (1: drain outputs, clearOutput, parse
 *   again) → parse(true) at the end of the file.
 */
import { Char } from './chars';
import { resetFieldMap, splitLine } from './fields';
import { CONFIG_CAP, configBuf, MAX_FRAGMENT_DATA, MAX_LINE, MAX_SOURCE, allocate, fragmentDataBuf, fragmentsBuf, etlTstampBuf, eventsBuf, indexBuf, inputBuf, inputCap, badBuf, sourceBuf } from './layout';
import { OVERLONG_OUTPUT, Outcome, beginLines, processLine, processOverLong, setNextLineNumber } from './line';
import { badLen, clearOutput as clear, eventsLen, fits, fragmentsLen, indexCount } from './output';
import { setReassembled } from './extension';
import { writeTimestamp } from './time';
import { findByte, storeSplats } from './scan';
import { readConfig } from './config';
import { allocateUserAgentMemo, userAgentMemo } from './useragent';
import { allocateEnrichmentMemos, decodedPageMemo, pageMemo, refererMemo } from './enrich';
import { Memo } from './memo';

export { INDEX_WORDS } from './layout';

let fill: u32 = 0; // bytes in the input buffer
let pos: u32 = 0; // start of the first unparsed line
let skipping = false; // inside an over-long line, looking for its end
let lines: u64 = 0;
let good: u64 = 0;
let badRows: u64 = 0;
let discarded: u64 = 0;
let fragments: u64 = 0;

export function init(inputBytes: u32, eventsBytes: u32, badBytes: u32): void {
  allocate(inputBytes, eventsBytes, badBytes);
  storeSplats();
  allocateUserAgentMemo();
  allocateEnrichmentMemos();
  heap.alloc(64); // padding after the last buffer: SIMD scans (scan.ts) may read up to 15 bytes past an end
}

/** Enrichment settings: the blob (wasm/binding/config.ts) is written at configPointer() first. */
export function configPointer(): usize {
  return configBuf;
}
export function configCapacity(): u32 {
  return CONFIG_CAP;
}
export function configure(length: u32): void {
  readConfig(min(length, CONFIG_CAP));
}

export function inputPointer(): usize {
  return inputBuf;
}
export function inputFill(): u32 {
  return fill;
}
export function inputSpace(): u32 {
  return inputCap - fill;
}
export function sourcePointer(): usize {
  return sourceBuf;
}
export function sourceCapacity(): u32 {
  return MAX_SOURCE;
}

/** Starts a file: its name (already at sourcePointer()) goes into bad rows; `etlTstampMs` < 0 leaves etl_tstamp empty. */
export function beginFile(sourceLength: u32, etlTstampMs: f64): void {
  beginLines(min(sourceLength, MAX_SOURCE), etlTstampMs >= 0);
  if (etlTstampMs >= 0) writeTimestamp(etlTstampBuf, <i64>etlTstampMs);
  resetFieldMap();
  fill = 0;
  pos = 0;
  skipping = false;
  lines = 0;
  good = 0;
  badRows = 0;
  discarded = 0;
  fragments = 0;
}

/** `n` more bytes were copied to inputPointer() + inputFill(). */
export function commit(n: u32): void {
  fill += min(n, inputCap - fill);
}

/** Parses every complete line (and, when `final`, the last one). 0: give me more input; 1: drain the outputs first. */
export function parse(final: bool): i32 {
  for (;;) {
    if (skipping) {
      const lf = findLf(pos, fill);
      if (lf < 0) {
        pos = fill;
        break;
      }
      pos = <u32>lf + 1;
      skipping = false;
    }
    // a line is at most MAX_LINE bytes, a CR and its LF: the scan need not look further
    const limit = min(fill, pos + MAX_LINE + 2);
    const stop = <u32>(splitLine(inputBuf + pos, inputBuf + limit) - inputBuf);
    const lfFound = stop < limit;
    let end = stop;
    if (!lfFound) {
      if (final && limit == fill && pos < fill) end = fill;
      else if (fill - pos >= MAX_LINE + 2) {
        // no end in sight: report the line now and skip the rest of it
        if (!fits(OVERLONG_OUTPUT)) return 1;
        count(processOverLong(inputBuf + pos));
        pos = limit;
        skipping = true;
        continue;
      } else break;
    }
    let len = end - pos;
    if (len > 0 && load<u8>(inputBuf + pos + len - 1) == Char.CR) len--; // CRLF files
    if (len > MAX_LINE) {
      if (!fits(OVERLONG_OUTPUT)) return 1;
      count(processOverLong(inputBuf + pos));
    } else {
      if (!fits(len)) return 1;
      count(processLine(inputBuf + pos, len));
    }
    pos = lfFound ? end + 1 : end;
  }
  // keep the partial line at the start of the buffer
  if (pos > 0) {
    memory.copy(inputBuf, inputBuf + pos, fill - pos);
    fill -= pos;
    pos = 0;
  }
  return 0;
}

@inline function count(outcome: Outcome): void {
  lines++;
  if (outcome == Outcome.good) good++;
  else if (outcome == Outcome.bad) badRows++;
  else if (outcome == Outcome.fragment) fragments++;
  else discarded++;
}

function findLf(from: u32, to: u32): i32 {
  const end = inputBuf + to;
  const lf = findByte(inputBuf + from, end, Char.LF);
  return lf == end ? -1 : <i32>(lf - inputBuf);
}

export function eventsPointer(): usize {
  return eventsBuf;
}
export function eventsLength(): u32 {
  return eventsLen;
}
export function indexPointer(): usize {
  return indexBuf;
}
export function indexLength(): u32 {
  return indexCount;
}
export function badPointer(): usize {
  return badBuf;
}
export function badLength(): u32 {
  return badLen;
}
export function clearOutput(): void {
  clear();
}

export function fragmentsPointer(): usize {
  return fragmentsBuf;
}
export function fragmentsLength(): u32 {
  return fragmentsLen;
}

/** Reassembled fragment data: the binding writes up to fragmentDataCapacity() bytes here, then calls reassemble. */
export function fragmentDataPointer(): usize {
  return fragmentDataBuf;
}
export function fragmentDataCapacity(): u32 {
  return MAX_FRAGMENT_DATA;
}
/** The next pixel line carries `length` bytes of reassembled data, encoded `encoding` ('z' or 'b'). */
export function reassemble(encoding: u32, length: u32, lineNumber: f64): void {
  setReassembled(<u8>encoding, length);
  setNextLineNumber(<u64>lineNumber);
}

/** Counts for the current file; lines = good + bad + discarded + fragments. */
export function countLines(): f64 {
  return <f64>lines;
}
export function countGood(): f64 {
  return <f64>good;
}
export function countBad(): f64 {
  return <f64>badRows;
}
export function countDiscarded(): f64 {
  return <f64>discarded;
}
export function countFragments(): f64 {
  return <f64>fragments;
}

/**
 * Lookups (`hits` false) or hits of a memo since init: `which` 0 the page memos (raw `url` and
 * decoded page URLs together), 1 the referrer's, 2 the User-Agent's (memo.ts).
 */
export function memoCount(which: i32, hits: bool): f64 {
  if (which == 0) return countOf(pageMemo, hits) + countOf(decodedPageMemo, hits);
  return countOf(which == 1 ? refererMemo : userAgentMemo(), hits);
}

@inline function countOf(memo: Memo, hits: bool): f64 {
  return <f64>(hits ? memo.hits : memo.lookups);
}
