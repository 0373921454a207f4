/** `firn inspect`: the terminal view of a collector's live stream. */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { inspect } from '../../infra/inspect/command.ts';
import { renderHit } from '../../infra/inspect/render.ts';
import type { LiveHit } from '../../infra/collector/live/hit.ts';
import { requireBuilt } from '../support/built.ts';
import { pageViewQuery } from '../support/loglines.ts';
import { memoryLogger, testWorld } from './support.ts';

const world = testWorld();
afterEach(() => world.cleanUp());
beforeAll(() => requireBuilt('firn.wasm'));

/** Runs `inspect` against the collector until `until(output)` holds, then stops it. */
async function watch(url: string, send: () => Promise<void>, until: (output: string) => boolean, options: { params?: boolean; json?: boolean; color?: boolean } = {}): Promise<string> {
  let output = '';
  let wake = (): void => undefined;
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const stop = new AbortController();
  const watching = inspect({ url, ...options, write: (t) => ((output += t), wake()), logger: memoryLogger(), signal: stop.signal, onConnected: connected });
  await ready;
  await send();
  while (!until(output)) await new Promise<void>((resolve) => (wake = resolve));
  stop.abort();
  await watching;
  return output;
}

describe('firn inspect', () => {
  test('shows each hit with the verdict, the event and, for bad hits, every reason', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const output = await watch(
      c.url,
      async () => {
        await fetch(`${c.url}/i?${pageViewQuery({ aid: 'shop' })}`);
        await fetch(`${c.url}/i?e=pv&eid=nope&vid=x`);
        await fetch(`${c.url}/favicon.ico`);
      },
      (out) => out.includes('SKIP'),
    );
    const lines = output.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\d{2}:\d{2}:\d{2} {2}GOOD {2}page_view {2}GET \/i 200 {2}app=shop {2}https:\/\/shop\.example\/products\?id=7#top$/);
    expect(lines[1]).toMatch(/^\d{2}:\d{2}:\d{2} {2}BAD {3}GET \/i 200 {2}2 problems$/);
    expect(lines[2]).toBe(' '.repeat(16) + '✗ eid = "nope": not a valid UUID');
    expect(lines[3]).toBe(' '.repeat(16) + '✗ vid = "x": not a valid integer');
    expect(lines[4]).toMatch(/^\d{2}:\d{2}:\d{2} {2}SKIP {2}GET \/favicon\.ico 404 {2}not a tracker hit$/);
    expect(output).not.toContain('\u001b['); // no colours unless asked
  });

  test('--params lists every decoded parameter with its protocol label; --json prints the hits as JSON lines', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const withParams = await watch(c.url, async () => void (await fetch(`${c.url}/i?e=pv&page=Caf%C3%A9%20menu&zz=1`)), (out) => out.includes('zz'), { params: true });
    expect(withParams).toContain('e     pv  Event type');
    expect(withParams).toContain('page  Café menu  Page title');
    expect(withParams).toContain('zz    1  not a protocol parameter');
    const json = await watch(c.url, async () => void (await fetch(`${c.url}/i?e=pv`)), (out) => out.endsWith('\n'), { json: true });
    expect((JSON.parse(json) as LiveHit).fields['cs-uri-query']).toBe('e=pv');
  });

  test('colours the verdicts when asked', () => {
    const hit = { fields: { time: '10:00:00', 'cs-method': 'GET', 'cs-uri-stem': '/i', 'sc-status': '200' }, verdict: 'bad', errors: [{ field: 'e', value: 'zz', message: 'no' }], params: {} } as unknown as LiveHit;
    expect(renderHit(hit, { color: true, params: false })).toContain('\u001b[31m');
    expect(renderHit(hit, { color: false, params: false })).toBe(`10:00:00  BAD   GET /i 200  1 problem\n${' '.repeat(16)}✗ e = "zz": no\n`);
  });

  test('waits for a collector that is not there yet, and reconnects', async () => {
    const logs = await world.dir();
    const first = await world.collector({ logs });
    const url = first.url;
    await first.close();
    const logger = memoryLogger();
    const stop = new AbortController();
    let output = '';
    let connections = 0;
    let onConnect = (): void => undefined;
    const watching = inspect({ url, write: (t) => (output += t), logger, signal: stop.signal, onConnected: () => (connections++, onConnect()) });
    while (!logger.lines.some((l) => l.includes('retrying in'))) await new Promise((r) => setTimeout(r, 20));
    const connected = new Promise<void>((resolve) => (onConnect = resolve));
    const again = await world.collector({ logs, port: Number(new URL(url).port) });
    await connected;
    expect(connections).toBe(1);
    stop.abort();
    await watching;
    await again.close();
    expect(output).toBe('');
  });
});
