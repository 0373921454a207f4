/**
 * Byte counts for `cs-bytes` and `sc-bytes`. The line is written before the response is sent,
 * so `sc-bytes` cannot be read off the socket afterwards: it is computed from the exact head
 * Node will write. That holds because the handler sets `Date`, `Connection` and
 * `Content-Length` itself (Node then adds no header of its own); a test compares the count with
 * the bytes a raw socket receives.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';

/** Bytes of the response head: status line, `Name: value` lines, blank line. Node writes headers as latin1. */
export function responseHeadBytes(status: number, headers: Readonly<Record<string, string>>): number {
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return Buffer.byteLength(head + '\r\n', 'latin1');
}

/**
 * Bytes of the request head as the client sent it, rebuilt from the request line and the raw
 * header list, plus the declared body length. Exact for the usual `Name: value` spelling; Node
 * drops optional whitespace around values, so unusual spellings count a few bytes short.
 */
export function requestBytes(request: IncomingMessage): number {
  return requestLineBytes(request) + requestHeaderBytes(request) + 2 + (Number(request.headers['content-length']) || 0);
}

function requestLineBytes(request: IncomingMessage): number {
  return Buffer.byteLength(`${request.method} ${request.url} HTTP/${request.httpVersion}\r\n`, 'latin1');
}

/** Bytes of all header lines, the measure of CloudFront's 20 KB header limit. */
export function requestHeaderBytes(request: IncomingMessage): number {
  let bytes = 0;
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) bytes += Buffer.byteLength(`${raw[i]}: ${raw[i + 1]}\r\n`, 'latin1');
  return bytes;
}

/** Bytes of the request target (path and query), the measure of CloudFront's 8192-byte URL limit. */
export function urlBytes(request: IncomingMessage): number {
  return Buffer.byteLength(request.url ?? '', 'latin1');
}
