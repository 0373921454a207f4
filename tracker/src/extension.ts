import { base64, utf8 } from './base64.ts';
import { fragments } from './fragments.ts';

/** Raw DEFLATE (RFC 1951) through the browser's own zlib: no compressor in the bundle. */
const deflate = async (bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(await new Response(new Response(bytes).body!.pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());

/**
 * Firn's URL-length extension (docs/protocol.md §3): the requests that carry `payload`, the
 * querystring of a hit too long to send plain. Compressed where `CompressionStream('deflate-raw')`
 * exists (`fx_e=z`), else base64url of the bytes themselves (`fx_e=b`); fragmented when still too
 * long; `[]` when it would need more than 1000 fragments.
 */
export async function encode(pixelUrl: string, eid: string, tv: string, payload: string, max: number): Promise<string[]> {
  let bytes = utf8(payload);
  let encoding = 'b';
  try {
    bytes = await deflate(bytes);
    encoding = 'z';
  } catch {
    // No CompressionStream, or no 'deflate-raw' in it (Chrome < 103, Safari < 16.4).
  }
  return fragments(pixelUrl + '?eid=' + eid + '&tv=' + tv + '&fx_e=' + encoding, base64(bytes), max);
}
