import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface Size {
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

/** What a browser downloads: gzip -9 and brotli at maximum quality, as CDNs serve them. */
export function measure(file: string): Size {
  const bytes = readFileSync(file);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export const formatSize = (s: Size): string => `${s.raw} B, ${s.gzip} B gzip, ${s.brotli} B brotli`;
