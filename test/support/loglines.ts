/**
 * 33-field CloudFront log lines for tests, written by the collector's own line writer
 * (infra/collector/logline.ts), so tests feed the parser exactly what the collector logs.
 */
import { LOG_FIELDS, LOG_HEADER, type LogField } from '../../contract/cloudfront.ts';
import { formatLogLine, type LogRecord } from '../../infra/collector/logline.ts';

export interface Hit {
  /** `YYYY-MM-DD HH:MM:SS` UTC. */
  readonly at?: string;
  /** The querystring as the browser sent it (already percent-encoded; the log escapes `%` again). */
  readonly query?: string;
  readonly path?: string;
  readonly method?: string;
  readonly referer?: string;
  readonly userAgent?: string;
  readonly ip?: string;
}

/** A page view's querystring as the tracker sends it (values percent-encoded). */
export function pageViewQuery(fields: Record<string, string> = {}): string {
  const params: Record<string, string> = {
    e: 'pv', eid: '2c6b5e0a-3c47-4a8e-9c4f-0b1e2d3c4b5a', tv: 'js-firn-0.1.0', tna: 'sp', aid: 'site', p: 'web',
    dtm: '1764316800000', stm: '1764316800100', page: 'Home page', res: '1920x1080', vp: '1280x720', lang: 'en-GB',
    tz: 'Europe/London', cs: 'UTF-8', duid: 'a9f5c5b2-44f8-4b5c-8d8f-2c1f0e3a7b6d', vid: '1', sid: '5d0c3e8b-1f2a-4c6d-9e8f-7a6b5c4d3e2f',
    url: 'https://shop.example/products?id=7#top', ...fields,
  };
  return Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

export function logLine(hit: Hit = {}): string {
  const [date, time] = (hit.at ?? '2025-11-28 08:00:00').split(' ');
  const record = Object.fromEntries(LOG_FIELDS.map((f) => [f, null])) as Record<LogField, string | number | null>;
  Object.assign(record, {
    date, time, 'x-edge-location': 'LOC1', 'sc-bytes': 480, 'c-ip': hit.ip ?? '192.0.2.10', 'cs-method': hit.method ?? 'GET',
    'cs(Host)': 'efirnlocal0000.cloudfront.net', 'cs-uri-stem': hit.path ?? '/i', 'sc-status': 200, 'cs(Referer)': hit.referer ?? 'https://shop.example/products?id=7',
    'cs(User-Agent)': hit.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'cs-uri-query': hit.query ?? pageViewQuery(), 'x-edge-result-type': 'Hit', 'x-edge-request-id': 'A'.repeat(54) + '==',
    'x-host-header': 'collector.example', 'cs-protocol': 'https', 'cs-bytes': 900, 'time-taken': '0.001', 'cs-protocol-version': 'HTTP/1.1',
    'c-port': 50432, 'time-to-first-byte': '0.001', 'x-edge-detailed-result-type': 'Hit', 'sc-content-type': 'image/gif', 'sc-content-len': 43,
  });
  return formatLogLine(record as LogRecord);
}

/** A whole log file: the two header lines, then the lines. */
export function logFile(lines: readonly string[]): string {
  return LOG_HEADER + lines.join('');
}
