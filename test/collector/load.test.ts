/** N concurrent clients: every hit answered 200 is delivered exactly once. Counts only, no timings. */
import { afterEach, expect, test } from 'vitest';
import { countDelivered, fireHits } from '../../bench/collector.ts';
import { testWorld } from './support.ts';

const world = testWorld();
afterEach(() => world.cleanUp());

test('under load from 25 concurrent keep-alive clients, answered hits = delivered lines, each once, across size rotations', async () => {
  const logs = await world.dir();
  // Small files, so deliveries run while the load does.
  const c = await world.collector({ logs, maxFileBytes: 256 * 1024 });
  const load = await fireHits(c.url, { connections: 25, amount: 3000 });
  await c.close();
  expect(load.failed).toBe(0);
  expect(load.answered).toBe(3000);
  const delivered = await countDelivered(logs);
  expect(delivered.lines).toBe(load.answered);
  expect(delivered.unique).toBe(load.answered);
  expect(delivered.files).toBeGreaterThan(1);
});
