/**
 * One request, CloudFront-style: check the size limits, pick the reply, write the log line to
 * the spool, and only then send the response. The line is complete before the response is
 * sent, so `date`/`time` are the moment the response is ready and `sc-bytes` is computed
 * from the exact bytes about to be written. After the response, the line goes to `onLogged`
 * (the live stream and test API), off the response's path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { MAX_LOGGED_URL_BYTES } from '../../contract/cloudfront.ts';
import type { ResolvedCollectorConfig } from './config.ts';
import { corsHeaders, preflightHeaders } from './cors.ts';
import { requestId } from './ids.ts';
import { formatLogLine, logDate, logSeconds, logTime } from './logline.ts';
import { logHour } from './naming.ts';
import { HEADERS_TOO_LARGE, NOT_LOGGED, URI_TOO_LONG, route, type Reply } from './routes.ts';
import type { LoggedLine } from './live/feed.ts';
import type { Spool } from './spool.ts';
import { requestBytes, requestHeaderBytes, responseHeadBytes, urlBytes } from './wire.ts';

/** CloudFront does not log requests whose headers together exceed 20 KB (reference §10). */
export const MAX_LOGGED_HEADER_BYTES = 20 * 1024;

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export function createHandler(config: Readonly<ResolvedCollectorConfig>, spool: Spool, closing: () => boolean, onLogged?: (logged: LoggedLine) => void): RequestHandler {
  return async (request, response) => {
    const started = performance.now();
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    const keepAlive = !closing() && wantsKeepAlive(request);

    if (urlBytes(request) > MAX_LOGGED_URL_BYTES) return send(response, method, URI_TOO_LONG, { Connection: 'close' });
    if (requestHeaderBytes(request) > MAX_LOGGED_HEADER_BYTES) return send(response, method, HEADERS_TOO_LARGE, { Connection: 'close' });

    const question = target.indexOf('?');
    const stem = question < 0 ? target : target.slice(0, question);
    const query = question < 0 ? '' : target.slice(question + 1);
    const reply = await route(method, stem, config.trackerFile);

    const id = requestId();
    const at = config.now();
    const headers: Record<string, string> = {
      ...reply.headers,
      ...corsHeaders(request.headers),
      ...(method === 'OPTIONS' ? preflightHeaders(request.headers) : {}),
      Date: at.toUTCString(),
      Connection: keepAlive ? 'keep-alive' : 'close',
      'X-Cache': `${reply.result} from cloudfront`,
      'X-Amz-Cf-Pop': config.edgeLocation,
      'X-Amz-Cf-Id': id,
    };
    const bodyBytes = method === 'HEAD' ? 0 : reply.body.length;
    const seconds = logSeconds(performance.now() - started);
    const socket = request.socket;
    const line = formatLogLine({
      date: logDate(at),
      time: logTime(at),
      'x-edge-location': config.edgeLocation,
      'sc-bytes': responseHeadBytes(reply.status, headers) + bodyBytes,
      'c-ip': clientIp(socket.remoteAddress),
      'cs-method': method,
      'cs(Host)': config.domain,
      'cs-uri-stem': stem,
      'sc-status': reply.status,
      'cs(Referer)': request.headers.referer ?? null,
      'cs(User-Agent)': request.headers['user-agent'] ?? null,
      'cs-uri-query': query,
      // Off by default, like CloudFront; on, the whole header is logged, as CloudFront's "include cookies" does.
      'cs(Cookie)': config.logCookies ? (request.headers.cookie ?? null) : null,
      'x-edge-result-type': reply.result,
      'x-edge-request-id': id,
      'x-host-header': request.headers.host ?? null,
      'cs-protocol': config.trustProxy ? forwardedProtocol(request) : 'http',
      'cs-bytes': requestBytes(request),
      'time-taken': seconds,
      // Only from a trusted proxy: anyone can send the header, and the ETL may take the client IP from it.
      'x-forwarded-for': config.trustProxy ? headerText(request.headers['x-forwarded-for']) : null,
      'ssl-protocol': null,
      'ssl-cipher': null,
      'x-edge-response-result-type': reply.result,
      'cs-protocol-version': `HTTP/${request.httpVersion}`,
      'fle-status': null,
      'fle-encrypted-fields': null,
      'c-port': socket.remotePort ?? null,
      'time-to-first-byte': seconds, // the whole response goes out in one write
      'x-edge-detailed-result-type': reply.detailedResult,
      'sc-content-type': reply.headers['Content-Type'] ?? null,
      'sc-content-len': reply.headers['Content-Length'] ?? null,
      'sc-range-start': null,
      'sc-range-end': null,
    });

    try {
      await spool.append(logHour(at), line);
    } catch (e) {
      config.logger.error(`when writing a log line to ${spool.dir} (answering ${reply.status} ${stem} with 500 instead)`, e);
      return send(response, method, NOT_LOGGED, { ...corsHeaders(request.headers), Connection: 'close' });
    }
    send(response, method, reply, headers);
    try {
      onLogged?.({ line, target });
    } catch (e) {
      config.logger.error('when showing a logged line on the live stream', e);
    }
  };
}

/** A header Node may hand over as a list (repeated headers it does not join itself). */
function headerText(value: string | string[] | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

/** `cs-protocol` behind a trusted proxy: its `X-Forwarded-Proto` (first hop) when it is http or https. */
function forwardedProtocol(request: IncomingMessage): string {
  const proto = String(request.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase();
  return proto === 'https' || proto === 'http' ? proto : 'http';
}

/** Writes the reply; `headers` replaces the reply's own when given. */
function send(response: ServerResponse, method: string, reply: Reply, headers: Record<string, string>): void {
  // Node's automatic Date header would make sc-bytes differ from what the handler counted.
  response.sendDate = false;
  response.writeHead(reply.status, { ...reply.headers, ...headers });
  response.end(method === 'HEAD' ? undefined : reply.body);
}

/** HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it. */
function wantsKeepAlive(request: IncomingMessage): boolean {
  const connection = (request.headers.connection ?? '').toLowerCase();
  return request.httpVersion === '1.1' ? !connection.includes('close') : connection.includes('keep-alive');
}

/** `c-ip`: an IPv4 client on a dual-stack socket shows as `::ffff:1.2.3.4`; CloudFront logs `1.2.3.4`. */
export function clientIp(address: string | undefined): string | null {
  if (!address) return null;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
