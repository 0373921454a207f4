/** The spool's durability mechanics: group commit, fdatasync, closing a segment after a failed write. */
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Spool } from '../../infra/collector/spool.ts';
import { testWorld } from './support.ts';

const world = testWorld();
afterEach(async () => {
  vi.restoreAllMocks();
  await world.cleanUp();
});

/** The prototype of fs/promises' FileHandle, which Node does not export. */
async function fileHandlePrototype(dir: string): Promise<Record<'appendFile' | 'datasync', (...args: unknown[]) => Promise<unknown>>> {
  const handle = await open(join(dir, 'probe'), 'w');
  await handle.close();
  return Object.getPrototypeOf(handle) as Record<'appendFile' | 'datasync', (...args: unknown[]) => Promise<unknown>>;
}

describe('the spool', () => {
  test('writes lines that arrive together in one write (group commit), in order, each append resolving once its line is written', async () => {
    const dir = await world.dir();
    const writes = vi.spyOn(await fileHandlePrototype(dir), 'appendFile');
    const spool = new Spool(dir, 'EFIRN', { flushMs: 0 });
    await spool.create();
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i}\n`);
    await Promise.all(lines.map((line) => spool.append('2025-01-01-00', line)));
    expect(writes.mock.calls.length).toBeLessThan(lines.length / 10);
    await spool.freeze();
    const [segment] = await spool.waiting();
    expect(await readFile(segment!.path, 'latin1')).toBe(lines.join(''));
    spool.stop();
  });

  test('fdatasyncs each segment written since the last flush, and once more when it is closed', async () => {
    const dir = await world.dir();
    const syncs = vi.spyOn(await fileHandlePrototype(dir), 'datasync');
    const spool = new Spool(dir, 'EFIRN', { flushMs: 0 });
    await spool.create();
    await spool.append('2025-01-01-00', 'a\n');
    await spool.flush();
    expect(syncs).toHaveBeenCalledTimes(1);
    await spool.flush(); // nothing new
    expect(syncs).toHaveBeenCalledTimes(1);
    await spool.append('2025-01-01-00', 'b\n');
    await spool.freeze();
    expect(syncs).toHaveBeenCalledTimes(2);
    spool.stop();
  });

  test('the flush timer syncs on its own, within its interval', async () => {
    const dir = await world.dir();
    const proto = await fileHandlePrototype(dir);
    const original = proto.datasync;
    let heard!: () => void;
    const synced = new Promise<void>((resolve) => (heard = resolve));
    vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown, ...args: unknown[]) {
      const result = await original.apply(this, args);
      heard();
      return result;
    });
    const spool = new Spool(dir, 'EFIRN', { flushMs: 50 });
    await spool.create();
    await spool.append('2025-01-01-00', 'a\n');
    await synced; // no freeze(), no flush(): only the timer syncs
    await spool.freeze();
    spool.stop();
  });

  test('after a failed write the segment takes no more lines, so a partial line can only be its tail', async () => {
    const dir = await world.dir();
    const proto = await fileHandlePrototype(dir);
    const spool = new Spool(dir, 'EFIRN', { flushMs: 0 });
    await spool.create();
    await spool.append('2025-01-01-00', 'first\n');
    vi.spyOn(proto, 'appendFile').mockRejectedValueOnce(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    await expect(spool.append('2025-01-01-00', 'lost\n')).rejects.toThrow('no space left on device');
    await spool.append('2025-01-01-00', 'next\n');
    await spool.freeze();
    const contents = await Promise.all((await spool.waiting()).map((s) => readFile(s.path, 'latin1')));
    expect(contents.sort()).toEqual(['first\n', 'next\n']);
    spool.stop();
  });
});
