import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { PIXEL_GIF } from '../../infra/collector/routes.ts';
import { deliveredRows, field, onlyRow, rawExchange, testWorld } from './support.ts';

const world = testWorld();
afterEach(() => world.cleanUp());

describe('routes', () => {
  test('GET /i answers the 43-byte transparent GIF, uncached, and is logged as a Hit', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const response = await fetch(`${c.url}/i?e=pv&tv=js-4.0.0`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = new Uint8Array(await response.arrayBuffer());
    expect(body).toHaveLength(43);
    expect(body).toEqual(new Uint8Array(PIXEL_GIF));
    expect(Buffer.from(body.subarray(0, 6)).toString()).toBe('GIF89a');
    const row = await onlyRow(c);
    expect([field(row, 'cs-method'), field(row, 'cs-uri-stem'), field(row, 'sc-status'), field(row, 'cs-uri-query')]).toEqual(['GET', '/i', '200', 'e=pv&tv=js-4.0.0']);
    expect([field(row, 'x-edge-result-type'), field(row, 'sc-content-type'), field(row, 'sc-content-len')]).toEqual(['Hit', 'image/gif', '43']);
  });

  test('HEAD /i answers the GIF headers without a body, and is logged', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const response = await fetch(`${c.url}/i`, { method: 'HEAD' });
    expect([response.status, response.headers.get('content-length'), response.headers.get('content-type')]).toEqual([200, '43', 'image/gif']);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
    const row = await onlyRow(c);
    expect([field(row, 'cs-method'), field(row, 'sc-status'), field(row, 'cs-uri-query')]).toEqual(['HEAD', '200', '-']);
  });

  test('GET /firn.js serves the tracker file as JavaScript, and is logged', async () => {
    const dir = await world.dir();
    const trackerFile = join(dir, 'firn.js');
    await writeFile(trackerFile, 'console.log("firn")\n');
    const c = await world.collector({ logs: join(dir, 'logs'), trackerFile });
    const response = await fetch(`${c.url}/firn.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log("firn")\n');
    const row = await onlyRow(c);
    expect([field(row, 'cs-uri-stem'), field(row, 'sc-status'), field(row, 'sc-content-len')]).toEqual(['/firn.js', '200', '20']);
  });

  test('answers 404 for other paths, and for /firn.js without a tracker file, and logs them as Error', async () => {
    const c = await world.collector({ logs: await world.dir() });
    expect((await fetch(`${c.url}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${c.url}/firn.js`)).status).toBe(404);
    expect((await fetch(`${c.url}/`)).status).toBe(404);
    await c.rotate();
    const rows = await deliveredRows(c.config.bucket.url);
    expect(rows.map((r) => [field(r, 'cs-uri-stem'), field(r, 'sc-status'), field(r, 'x-edge-result-type')]).sort()).toEqual([
      ['/', '404', 'Error'],
      ['/favicon.ico', '404', 'Error'],
      ['/firn.js', '404', 'Error'],
    ]);
  });

  test('answers methods other than GET, HEAD and OPTIONS with 403 InvalidRequestMethod, like a GET/HEAD cache behaviour, and logs them', async () => {
    const c = await world.collector({ logs: await world.dir() });
    expect((await fetch(`${c.url}/i`, { method: 'POST', body: 'x' })).status).toBe(403);
    const row = await onlyRow(c);
    expect([field(row, 'cs-method'), field(row, 'sc-status'), field(row, 'x-edge-detailed-result-type')]).toEqual(['POST', '403', 'InvalidRequestMethod']);
  });

  test('sends the request id as x-amz-cf-id and the edge location as x-amz-cf-pop', async () => {
    const c = await world.collector({ logs: await world.dir(), edgeLocation: 'HEL51-P6' });
    const response = await fetch(`${c.url}/i`);
    const row = await onlyRow(c);
    expect(response.headers.get('x-amz-cf-id')).toBe(field(row, 'x-edge-request-id'));
    expect(response.headers.get('x-amz-cf-pop')).toBe('HEL51-P6');
    expect(field(row, 'x-edge-location')).toBe('HEL51-P6');
  });
});

describe('CORS for the credentialed fetch of Snowplow JS tracker v4', () => {
  test('echoes the Origin and allows credentials', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const response = await fetch(`${c.url}/i?e=pv`, { headers: { Origin: 'https://shop.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  test('adds no CORS headers to a request without an Origin', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const response = await fetch(`${c.url}/i`);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('answers an OPTIONS preflight with 204, the methods and the requested headers, and logs it', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const response = await fetch(`${c.url}/i?e=pv`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
    const row = await onlyRow(c);
    expect([field(row, 'cs-method'), field(row, 'sc-status'), field(row, 'sc-content-len')]).toEqual(['OPTIONS', '204', '-']);
  });
});

describe("CloudFront's size limits (reference §10)", () => {
  test('a URL of exactly 8192 bytes is served and logged', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const target = '/i?e=pv&x=' + 'a'.repeat(8192 - '/i?e=pv&x='.length);
    expect(Buffer.byteLength(target)).toBe(8192);
    expect((await fetch(c.url + target)).status).toBe(200);
    expect(field(await onlyRow(c), 'cs-uri-query')).toHaveLength(8192 - 3);
  });

  test('a URL over 8192 bytes gets 414 and is not logged', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const target = '/i?e=pv&x=' + 'a'.repeat(8193 - '/i?e=pv&x='.length);
    expect((await fetch(c.url + target)).status).toBe(414);
    expect((await fetch(c.url + '/i?' + 'b'.repeat(20_000))).status).toBe(414);
    expect(await c.rotate()).toEqual([]);
    expect(await deliveredRows(c.config.bucket.url)).toEqual([]);
  });

  test('request headers over 20 KB get 431 and are not logged', async () => {
    const c = await world.collector({ logs: await world.dir() });
    expect((await fetch(`${c.url}/i?e=pv`, { headers: { Cookie: 'c=' + 'x'.repeat(21 * 1024) } })).status).toBe(431);
    expect(await c.rotate()).toEqual([]);
  });

  test('a request head over 64 KB, or one Node cannot parse, is refused before the handler and not logged', async () => {
    const c = await world.collector({ logs: await world.dir() });
    expect((await fetch(`${c.url}/i?e=pv`, { headers: { 'X-Big': 'x'.repeat(70 * 1024) } })).status).toBe(431);
    const { response } = await rawExchange(c.port, 'GET /i?a b HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(response.toString('latin1')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(await c.rotate()).toEqual([]);
  });
});
