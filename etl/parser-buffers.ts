/**
 * Parser buffers for the ETL: smaller than the binding's defaults (4 MiB in, 16 MiB events,
 * 4 MiB bad rows), which are sized for one parser per process. Each worker thread has its own
 * instance, so the memory budget (256 MB for the whole run) is spent here with care. Rows are
 * drained every 256 KiB whatever the size; the events buffer only has to hold the largest line's
 * output (the parser takes at least that, about 5 MiB).
 */
import type { ParserOptions } from '../wasm/binding/parser.ts';

export const LOG_PARSER_BUFFERS: ParserOptions = { inputBytes: 1 << 20, eventsBytes: 6 << 20, badBytes: 1 << 20 };

/** The coordinator's parser only re-reads reassembled fragment sets: the smallest the parser allows. */
export const REASSEMBLY_PARSER_BUFFERS: ParserOptions = { inputBytes: 1 << 18, eventsBytes: 1 << 20, badBytes: 1 << 20 };
