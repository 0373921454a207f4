/** The raw-log worker's interface (comlink): what the page sends and gets back. */
import type { LineCounts } from '../../../wasm/binding/parser.ts';

export interface RawFile {
  readonly name: string;
  /** The file as picked: gzip (`.gz`, detected by its magic bytes) or plain log text. */
  readonly bytes: Uint8Array;
}

export interface RawParse {
  /** Event rows, 131 canonical columns, TSV without a header: what the ETL writes, uncompressed. */
  readonly events: Uint8Array;
  /** Bad rows, one JSON object per line. */
  readonly bad: Uint8Array;
  /** Sums over the files; lines = good + bad + discarded + fragments. */
  readonly counts: LineCounts;
  /** Fragment sets completed from the files given, and sets still missing pieces. */
  readonly reassembled: number;
  readonly pending: number;
}

export interface RawWorker {
  parse(files: readonly RawFile[]): Promise<RawParse>;
}
