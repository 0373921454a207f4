/**
 * What the collector answers, before CORS and the CloudFront-style headers are added: the
 * pixel at `/i`, the tracker at `/firn.js`, a preflight answer for `OPTIONS`, and errors.
 */
import { readFile } from 'node:fs/promises';

/** The 1×1 transparent GIF, 43 bytes, served at `/i`. */
export const PIXEL_GIF: Uint8Array = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

/** `x-edge-result-type`: the two CloudFront classifications a local collector can honestly give. */
export type EdgeResult = 'Hit' | 'Error';

export interface Reply {
  readonly status: number;
  /** Content headers only; the handler adds `Date`, `Connection`, CORS and the `x-amz-cf-*` ones. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly result: EdgeResult;
  /** `x-edge-detailed-result-type`: the result, or for errors the reason CloudFront would name. */
  readonly detailedResult: string;
}

const EMPTY = new Uint8Array(0);

/** Replies to a request whose URL and headers are within CloudFront's limits. */
export async function route(method: string, stem: string, trackerFile: string | null): Promise<Reply> {
  if (method === 'OPTIONS') return { status: 204, headers: {}, body: EMPTY, result: 'Hit', detailedResult: 'Hit' };
  // A cache behaviour that allows only GET, HEAD and OPTIONS answers other methods with 403.
  if (method !== 'GET' && method !== 'HEAD') return textReply(403, 'Method Not Allowed', 'InvalidRequestMethod');
  if (stem === '/i') return ok(PIXEL_GIF, 'image/gif', 'no-store');
  if (stem === '/firn.js' && trackerFile !== null) {
    // Read per request: the bundle is a few KB, and a rebuilt tracker is served without a restart.
    const body = await readFile(trackerFile).catch(() => null);
    if (body) return ok(body, 'text/javascript; charset=utf-8', 'no-cache');
  }
  return textReply(404, 'Not Found', 'Error');
}

/** The answer to a URL over 8192 bytes. It is never logged, as CloudFront logs no such request. */
export const URI_TOO_LONG: Reply = textReply(414, 'URI Too Long', 'Error');

/** The answer to request headers over 20 KB, also never logged. */
export const HEADERS_TOO_LARGE: Reply = textReply(431, 'Request Header Fields Too Large', 'Error');

/** The answer when the log line could not be written: the hit was not recorded, so it is not a success. */
export const NOT_LOGGED: Reply = textReply(500, 'Internal Server Error', 'Error');

function ok(body: Uint8Array, contentType: string, cacheControl: string): Reply {
  return { status: 200, headers: { 'Content-Type': contentType, 'Content-Length': String(body.length), 'Cache-Control': cacheControl }, body, result: 'Hit', detailedResult: 'Hit' };
}

function textReply(status: number, text: string, detailedResult: string): Reply {
  const body = Buffer.from(text + '\n');
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length) }, body, result: 'Error', detailedResult };
}
