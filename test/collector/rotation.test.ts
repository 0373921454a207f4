/** Rotation by size (`maxFileBytes`): a segment is delivered as soon as its next line would not fit. */
import { afterEach, describe, expect, test } from 'vitest';
import { LOG_HEADER } from '../../contract/cloudfront.ts';
import { dataLines, deliveredFiles, field, rawGet, testWorld } from './support.ts';

const world = testWorld();
afterEach(() => world.cleanUp());

describe('rotation by size', () => {
  test('delivers a file as soon as it is full, without waiting for the timer; no file holds more than maxFileBytes of lines', async () => {
    const logs = await world.dir();
    const maxFileBytes = 2048;
    const deliveries: (readonly string[])[] = [];
    let firstDelivery!: () => void;
    const delivered = new Promise<void>((resolve) => (firstDelivery = resolve));
    const c = await world.collector({ logs, maxFileBytes, onDelivered: (keys) => (deliveries.push(keys), firstDelivery()) });
    for (let n = 0; n < 30; n++) await rawGet(c.port, `/i?e=pv&n=${n}&pad=${'x'.repeat(100)}`);
    await delivered; // by size alone: rotation is an hour away and rotate() was not called
    expect(deliveries.length).toBeGreaterThan(0);
    await c.rotate();

    const files = await deliveredFiles(logs);
    expect(files.length).toBeGreaterThanOrEqual(Math.ceil((30 * 400) / maxFileBytes));
    for (const file of files) {
      expect(file.text.startsWith(LOG_HEADER)).toBe(true);
      expect(Buffer.byteLength(file.text, 'latin1') - LOG_HEADER.length).toBeLessThanOrEqual(maxFileBytes);
    }
    const ns = files.flatMap((f) => dataLines(f.text).map((l) => Number(/n=(\d+)/.exec(field(l.split('\t'), 'cs-uri-query'))![1])));
    expect(ns.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  test('a line longer than maxFileBytes still goes out, alone in its file', async () => {
    const logs = await world.dir();
    const c = await world.collector({ logs, maxFileBytes: 1024 });
    await rawGet(c.port, `/i?e=pv&big=${'y'.repeat(1500)}`);
    await rawGet(c.port, '/i?e=pv&small=1');
    await c.rotate();
    const files = await deliveredFiles(logs);
    expect(files.map((f) => dataLines(f.text).length)).toEqual([1, 1]);
  });
});
