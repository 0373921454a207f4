import { describe, expect, test } from 'vitest';
import { LOG_FIELDS, LOG_HEADER, type LogField } from '../../contract/cloudfront.ts';
import { formatLogLine, logDate, logSeconds, logTime, type LogRecord } from '../../infra/collector/logline.ts';

/** AWS's second example line (reference §12), as the values CloudFront saw before escaping. */
const AWS_EXAMPLE: LogRecord = {
  date: '2019-12-13',
  time: '22:36:27',
  'x-edge-location': 'SEA19-C1',
  'sc-bytes': 900,
  'c-ip': '192.0.2.200',
  'cs-method': 'GET',
  'cs(Host)': 'd111111abcdef8.cloudfront.net',
  'cs-uri-stem': '/favicon.ico',
  'sc-status': 502,
  'cs(Referer)': 'http://www.example.com/',
  'cs(User-Agent)': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36',
  'cs-uri-query': null,
  'cs(Cookie)': null,
  'x-edge-result-type': 'Error',
  'x-edge-request-id': '1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==',
  'x-host-header': 'www.example.com',
  'cs-protocol': 'http',
  'cs-bytes': 675,
  'time-taken': '0.102',
  'x-forwarded-for': null,
  'ssl-protocol': null,
  'ssl-cipher': null,
  'x-edge-response-result-type': 'Error',
  'cs-protocol-version': 'HTTP/1.1',
  'fle-status': null,
  'fle-encrypted-fields': null,
  'c-port': 25260,
  'time-to-first-byte': '0.102',
  'x-edge-detailed-result-type': 'OriginDnsError',
  'sc-content-type': 'text/html',
  'sc-content-len': 507,
  'sc-range-start': null,
  'sc-range-end': null,
};

describe('one log line', () => {
  test("reproduces AWS's documented example line byte for byte", () => {
    expect(formatLogLine(AWS_EXAMPLE)).toBe(
      '2019-12-13\t22:36:27\tSEA19-C1\t900\t192.0.2.200\tGET\td111111abcdef8.cloudfront.net\t/favicon.ico\t502\thttp://www.example.com/\tMozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36\t-\t-\tError\t1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==\twww.example.com\thttp\t675\t0.102\t-\t-\t-\tError\tHTTP/1.1\t-\t-\t25260\t0.102\tOriginDnsError\ttext/html\t507\t-\t-\n',
    );
  });

  test('has 33 fields and 32 TABs whatever the values hold, and ends in one newline', () => {
    const hostile = Object.fromEntries(LOG_FIELDS.map((f) => [f, 'a\tb\nc d\r'])) as Record<LogField, string>;
    const line = formatLogLine(hostile);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\n\r ]/);
    expect(line.split('\t')).toHaveLength(33);
    expect(line.split('\t')[0]).toBe('a%09b%0Ac%20d%0D');
  });

  test('writes null and the empty string as -', () => {
    const line = formatLogLine({ ...AWS_EXAMPLE, 'cs(Referer)': '', 'cs-uri-query': null });
    expect(line.split('\t')[9]).toBe('-');
    expect(line.split('\t')[11]).toBe('-');
  });

  test('formats date and time in UTC without fractions, and seconds with three decimals', () => {
    const at = new Date('2024-03-10T23:59:58.987Z');
    expect([logDate(at), logTime(at)]).toEqual(['2024-03-10', '23:59:58']);
    expect([logSeconds(2.4), logSeconds(1234.5678), logSeconds(0)]).toEqual(['0.002', '1.235', '0.000']);
  });

  test('the header the files start with is the two W3C lines of the 33-field format', () => {
    expect(LOG_HEADER).toBe(
      '#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end\n',
    );
  });
});
