/** What one real request writes into the log, byte for byte, sent over a raw socket so nothing rewrites it. */
import { afterEach, describe, expect, test } from 'vitest';
import { LOG_FIELDS } from '../../contract/cloudfront.ts';
import { clientIp } from '../../infra/collector/handler.ts';
import { PIXEL_GIF } from '../../infra/collector/routes.ts';
import { field, onlyRow, rawExchange, rawGet, testWorld } from './support.ts';

const world = testWorld();
afterEach(() => world.cleanUp());

const AT = new Date('2024-03-10T13:59:58.250Z');

describe('a logged request', () => {
  test('fills all 33 fields as CloudFront does', async () => {
    const c = await world.collector({ logs: await world.dir(), now: () => AT, distributionId: 'E2QWRUHAPOMQZL', edgeLocation: 'LAX1' });
    await rawGet(c.port, '/i?e=pv&page=Tarot%20cards', 'Referer: http://shop.example/a b', 'User-Agent: curl/8.5.0');
    const row = await onlyRow(c);
    expect(row).toHaveLength(LOG_FIELDS.length);
    const expected: Partial<Record<(typeof LOG_FIELDS)[number], string | RegExp>> = {
      date: '2024-03-10',
      time: '13:59:58',
      'x-edge-location': 'LAX1',
      'c-ip': '127.0.0.1',
      'cs-method': 'GET',
      'cs(Host)': 'e2qwruhapomqzl.cloudfront.net',
      'cs-uri-stem': '/i',
      'sc-status': '200',
      'cs(Referer)': 'http://shop.example/a%20b',
      'cs(User-Agent)': 'curl/8.5.0',
      'cs-uri-query': 'e=pv&page=Tarot%2520cards',
      'cs(Cookie)': '-',
      'x-edge-result-type': 'Hit',
      'x-edge-request-id': /^[A-Za-z0-9_-]{54}==$/,
      'x-host-header': 'collector.test',
      'cs-protocol': 'http',
      'time-taken': /^\d+\.\d{3}$/,
      'x-forwarded-for': '-',
      'ssl-protocol': '-',
      'ssl-cipher': '-',
      'x-edge-response-result-type': 'Hit',
      'cs-protocol-version': 'HTTP/1.1',
      'fle-status': '-',
      'fle-encrypted-fields': '-',
      'c-port': /^\d+$/,
      'time-to-first-byte': /^\d+\.\d{3}$/,
      'x-edge-detailed-result-type': 'Hit',
      'sc-content-type': 'image/gif',
      'sc-content-len': '43',
      'sc-range-start': '-',
      'sc-range-end': '-',
    };
    for (const [name, value] of Object.entries(expected)) {
      if (typeof value === 'string') expect(field(row, name as keyof typeof expected), name).toBe(value);
      else expect(field(row, name as keyof typeof expected), name).toMatch(value!);
    }
  });

  test('escapes spaces, quotes, non-ASCII UTF-8 and %, and keeps +', async () => {
    const c = await world.collector({ logs: await world.dir() });
    // Header bytes are sent as UTF-8: "Zoë" is 5A 6F C3 AB.
    const ua = Buffer.from('Mozilla/5.0 (X11; "Zoë") Mastodon/4.5.2+glitch <a|b> 100%', 'utf8').toString('latin1');
    await rawGet(c.port, "/i?e=se&se_la=a+b&se_ac=50%25&q='x'~{y}", `User-Agent: ${ua}`, 'Referer: https://site.example/p?q=caf%C3%A9#top');
    const row = await onlyRow(c);
    expect(field(row, 'cs(User-Agent)')).toBe('Mozilla/5.0%20(X11;%20%22Zo%C3%AB%22)%20Mastodon/4.5.2+glitch%20%3Ca%7Cb%3E%20100%25');
    expect(field(row, 'cs-uri-query')).toBe('e=se&se_la=a+b&se_ac=50%2525&q=%27x%27%7E%7By%7D');
    expect(field(row, 'cs(Referer)')).toBe('https://site.example/p?q=caf%25C3%25A9%23top');
  });

  test('logs a path-only stem and - for a missing or empty query, referer and user agent', async () => {
    const c = await world.collector({ logs: await world.dir() });
    await rawGet(c.port, '/i?');
    const row = await onlyRow(c);
    expect([field(row, 'cs-uri-stem'), field(row, 'cs-uri-query'), field(row, 'cs(Referer)'), field(row, 'cs(User-Agent)')]).toEqual(['/i', '-', '-', '-']);
  });

  test('counts sc-bytes and cs-bytes as the bytes that crossed the wire, headers included', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const request = 'GET /i?e=pv&tv=js-4.0.0 HTTP/1.1\r\nHost: collector.test\r\nUser-Agent: test\r\nOrigin: https://shop.example\r\nConnection: close\r\n\r\n';
    const { response } = await rawExchange(c.port, request);
    const row = await onlyRow(c);
    expect(response.subarray(-43)).toEqual(Buffer.from(PIXEL_GIF));
    expect(field(row, 'sc-bytes')).toBe(String(response.length));
    expect(field(row, 'cs-bytes')).toBe(String(Buffer.byteLength(request)));
  });

  test('counts sc-bytes exactly for HEAD, HTTP/1.0, 404 and preflight answers too', async () => {
    const c = await world.collector({ logs: await world.dir() });
    for (const request of [
      'HEAD /i HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n',
      'GET /nope HTTP/1.0\r\n\r\n',
      'OPTIONS /i HTTP/1.1\r\nHost: h\r\nOrigin: https://o.example\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n',
    ]) {
      const { response } = await rawExchange(c.port, request);
      const row = await onlyRow(c);
      expect(field(row, 'sc-bytes'), request).toBe(String(response.length));
      expect(field(row, 'cs-bytes'), request).toBe(String(Buffer.byteLength(request)));
    }
  });

  test('logs cookies only with logCookies, escaped like every field', async () => {
    const off = await world.collector({ logs: await world.dir() });
    await rawGet(off.port, '/i', 'Cookie: _sp_id.1fff=abc; theme="dark mode"');
    expect(field(await onlyRow(off), 'cs(Cookie)')).toBe('-');
    const on = await world.collector({ logs: await world.dir(), logCookies: true });
    await rawGet(on.port, '/i', 'Cookie: _sp_id.1fff=abc; theme="dark mode"');
    expect(field(await onlyRow(on), 'cs(Cookie)')).toBe('_sp_id.1fff=abc;%20theme=%22dark%20mode%22');
    await rawGet(on.port, '/i');
    expect(field(await onlyRow(on), 'cs(Cookie)')).toBe('-');
  });

  test('fills x-forwarded-for and cs-protocol from the proxy headers only with trustProxy', async () => {
    const headers = ['X-Forwarded-For: 203.0.113.7, 198.51.100.2', 'X-Forwarded-Proto: https'];
    const direct = await world.collector({ logs: await world.dir() });
    await rawGet(direct.port, '/i', ...headers);
    const untrusted = await onlyRow(direct);
    expect([field(untrusted, 'x-forwarded-for'), field(untrusted, 'cs-protocol'), field(untrusted, 'c-ip')]).toEqual(['-', 'http', '127.0.0.1']);
    const proxied = await world.collector({ logs: await world.dir(), trustProxy: true });
    await rawGet(proxied.port, '/i', ...headers);
    const trusted = await onlyRow(proxied);
    // As CloudFront logs a list: the comma kept, the space escaped (reference §4, field 20); c-ip stays the peer, the proxy.
    expect([field(trusted, 'x-forwarded-for'), field(trusted, 'cs-protocol'), field(trusted, 'c-ip')]).toEqual(['203.0.113.7,%20198.51.100.2', 'https', '127.0.0.1']);
    await rawGet(proxied.port, '/i');
    expect(field(await onlyRow(proxied), 'x-forwarded-for')).toBe('-');
  });

  test('logs the client port', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const { clientPort } = await rawGet(c.port, '/i');
    expect(field(await onlyRow(c), 'c-port')).toBe(String(clientPort));
  });

  test('logs an IPv4 client on a dual-stack socket without the ::ffff: prefix', () => {
    expect(clientIp('::ffff:192.0.2.100')).toBe('192.0.2.100');
    expect(clientIp('2001:db8::1')).toBe('2001:db8::1');
    expect(clientIp('192.0.2.100')).toBe('192.0.2.100');
    expect(clientIp(undefined)).toBeNull();
  });
});
