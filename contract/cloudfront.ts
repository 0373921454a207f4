/**
 * CloudFront standard (legacy) access-log fields, in file order.
 * Source: ../shared/reference/cloudfront-log-format.md §4–§5. AWS only ever appended fields,
 * so a file of any era holds a prefix of this list; the collector writes all 33, and the
 * parser maps columns by a file's `#Fields:` header or, without one, by these positions.
 */
export const LOG_FIELDS = [
  'date',
  'time',
  'x-edge-location',
  'sc-bytes',
  'c-ip',
  'cs-method',
  'cs(Host)',
  'cs-uri-stem',
  'sc-status',
  'cs(Referer)',
  'cs(User-Agent)',
  'cs-uri-query',
  'cs(Cookie)', // 15-field era, Sep 2012
  'x-edge-result-type',
  'x-edge-request-id',
  'x-host-header', // 18-field era, Oct 2013
  'cs-protocol',
  'cs-bytes',
  'time-taken', // 19, Apr 2014
  'x-forwarded-for', // 23, Jul 2014
  'ssl-protocol',
  'ssl-cipher',
  'x-edge-response-result-type',
  'cs-protocol-version', // 24, Sep 2016
  'fle-status', // 26, Jan 2018
  'fle-encrypted-fields',
  'c-port', // 33, Dec 2019
  'time-to-first-byte',
  'x-edge-detailed-result-type',
  'sc-content-type',
  'sc-content-len',
  'sc-range-start',
  'sc-range-end',
] as const;

export type LogField = (typeof LOG_FIELDS)[number];

/** The smallest field count a data line may have: the original 12-field era. */
export const MIN_LOG_FIELDS = 12;

/** The two header lines every log file starts with. */
export const LOG_HEADER = `#Version: 1.0\n#Fields: ${LOG_FIELDS.join(' ')}\n`;

/** CloudFront does not log requests whose URL exceeds this many bytes (§10). */
export const MAX_LOGGED_URL_BYTES = 8192;
