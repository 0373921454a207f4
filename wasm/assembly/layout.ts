/**
 * Linear-memory layout. Every buffer is allocated once by `allocate()`; nothing is allocated
 * while parsing, so the parser's memory is bounded whatever the input.
 */
import { COLUMN_COUNT, LOG_FIELD_COUNT } from './generated/contract';

/** Longest line accepted; a longer one becomes one bad row (with its first bytes) and is skipped. */
export const MAX_LINE: u32 = 128 * 1024;
/** TAB-separated fields recorded per line; later ones are ignored (CloudFront has 33 today). */
export const MAX_FIELDS: i32 = 64;
/** Errors kept per bad row; a line with more reports how many were left out. */
export const MAX_ERRORS: i32 = 32;
/** Bytes of the source file name written into bad rows. */
export const MAX_SOURCE: u32 = 2048;
/** Largest event payload once decoded and inflated (docs/protocol.md); a bigger one is a bad row. */
export const MAX_PAYLOAD: u32 = 512 * 1024;
/** Largest reassembled fragment data (base64url) the ETL may hand back. */
export const MAX_FRAGMENT_DATA: u32 = 1024 * 1024;
/** Bytes of a file's `#Fields:` line kept for fragment records. */
export const MAX_FIELDS_LINE: u32 = 4096;
/** u32 words per event in the index (see `Index`). */
export const INDEX_WORDS: u32 = 5;

/** Per-event index record, read by the binding: where the row is and what the ETL partitions and deduplicates on. */
export const enum Index {
  offset = 0, // row start in the events buffer
  length = 1, // row bytes, including the final LF
  date = 2, // collector date as YYYYMMDD
  eventId = 3, // offset of the 36-byte event_id inside the row
  flags = 4, // IndexFlag bits
}

export const enum IndexFlag {
  derivedEventId = 1, // no `eid`: the id was derived from the source line
}

export let inputBuf: usize = 0;
export let inputCap: u32 = 0;
export let eventsBuf: usize = 0;
export let eventsCap: u32 = 0;
export let indexBuf: usize = 0;
export let indexCap: u32 = 0; // records
export let badBuf: usize = 0;
export let badCap: u32 = 0;
/** Fragment records (JSON lines) for the ETL to reassemble. */
export let fragmentsBuf: usize = 0;
export let fragmentsCap: u32 = 0;
/** An extension payload, decoded and inflated. */
export let payloadBuf: usize = 0;
/** Reassembled fragment data, written by the binding. */
export let fragmentDataBuf: usize = 0;
/** The current file's `#Fields:` line, as read. */
export let fieldsLineBuf: usize = 0;
/** Decoded values of the current line; reset per line. */
export let scratchBuf: usize = 0;
export let scratchCap: u32 = 0;
/** One decoded value before it is made TSV-safe (also base64-decoded extension data). */
export let tmpBuf: usize = 0;
/*
 * The fixed-size buffers below are static data, so their addresses are constants the engine folds
 * into each access; a buffer allocated at start would be a global, which V8 loads from memory at
 * every use (the row writer reloaded slotBuf for each column).
 */
/** Per column: u32 pointer, u32 length (0: null). */
export const slotBuf: usize = memory.data(<i32>COLUMN_COUNT * 8, 16);
/** prioBuf's size: whole vectors, so a line's reset is a few stores. */
export const PRIO_BYTES: usize = (<usize>COLUMN_COUNT + 15) & ~15;
/**
 * Per column: priority of the value in the slot (0: empty, whatever the slot still holds). The row
 * writer reads 64 bytes from each 64-column word, up to 48 past PRIO_BYTES: padding covers them.
 */
export const prioBuf: usize = memory.data(<i32>PRIO_BYTES + 64, 16);
/** Per field of the current line: u32 start, u32 end; entry MAX_FIELDS stays (0, 0): missing fields point there. */
export const fieldBuf: usize = memory.data((MAX_FIELDS + 1) * 8, 16);
/** Per Field (contract log field): its position in the current file's lines, or MAX_FIELDS when it has none. */
export const fieldMapBuf: usize = memory.data(<i32>LOG_FIELD_COUNT * 4, 16);
/** Per error: u32 message, i32 field (Str id or -1), u32 value pointer, u32 value length (0xFFFFFFFF: null). */
export const errorBuf: usize = memory.data(MAX_ERRORS * 16, 16);
export const sourceBuf: usize = memory.data(<i32>MAX_SOURCE + 16, 16);
/** etl_tstamp of the run, formatted once. */
export const etlTstampBuf: usize = memory.data(48, 16);
/** The enrichment settings blob (wasm/binding/config.ts), kept for the parser's lifetime. */
export const CONFIG_CAP: u32 = 65536;
export const configBuf: usize = memory.data(<i32>CONFIG_CAP + 16, 16);

/**
 * Sizes follow from the longest line: decoding can triple a value (invalid bytes become U+FFFD),
 * a row holds each decoded value at most once plus derived text, and a bad row escapes its line.
 */
export function allocate(inputBytes: u32, eventsBytes: u32, badBytes: u32): void {
  inputCap = max(inputBytes, MAX_LINE * 2);
  // A row is bounded by what its values decode to: the line, or an extension payload.
  eventsCap = max(eventsBytes, (MAX_LINE + MAX_PAYLOAD) * 8 + 65536);
  badCap = max(badBytes, MAX_LINE * 6 + MAX_SOURCE * 6 + 65536);
  fragmentsCap = MAX_LINE * 6 + MAX_SOURCE * 6 + MAX_FIELDS_LINE * 6 + 65536;
  indexCap = eventsCap / 128;
  scratchCap = (MAX_LINE + MAX_PAYLOAD) * 5 + 65536; // decode.ts: a value decoded (1×), then cleaned (≤ 4×)
  inputBuf = heap.alloc(inputCap);
  eventsBuf = heap.alloc(eventsCap);
  indexBuf = heap.alloc(indexCap * INDEX_WORDS * 4);
  badBuf = heap.alloc(badCap);
  fragmentsBuf = heap.alloc(fragmentsCap);
  payloadBuf = heap.alloc(MAX_PAYLOAD);
  fragmentDataBuf = heap.alloc(MAX_FRAGMENT_DATA);
  fieldsLineBuf = heap.alloc(MAX_FIELDS_LINE);
  scratchBuf = heap.alloc(scratchCap);
  tmpBuf = heap.alloc(MAX_FRAGMENT_DATA);
}
