import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { LOG_HEADER } from '../../contract/cloudfront.ts';
import { LOG_OBJECT_KEY } from '../../infra/collector/index.ts';
import { LEFTOVER_AGE_MS } from '../../node/bucket/index.ts';
import { packageRoot } from '../../node/paths.ts';
import { dataLines, deliveredFiles, field, memoryLogger, rawGet, testWorld } from './support.ts';

const world = testWorld();
afterEach(() => world.cleanUp());

/** A clock the test moves by hand. */
function clockAt(iso: string): { now: () => Date; set(iso: string): void } {
  let at = new Date(iso);
  return { now: () => at, set: (next) => void (at = new Date(next)) };
}

const segmentsIn = async (spool: string): Promise<string[]> => (await readdir(spool)).filter((f) => f.endsWith('.log'));

describe('log files', () => {
  test('rotation delivers one gzipped file per UTC hour of the requests, named like CloudFront, holding the header and the lines', async () => {
    const logs = await world.dir();
    const clock = clockAt('2024-03-10T13:59:58Z');
    const c = await world.collector({ logs, distributionId: 'E2QWRUHAPOMQZL', now: clock.now });
    await rawGet(c.port, '/i?n=1');
    await rawGet(c.port, '/i?n=2');
    clock.set('2024-03-10T14:00:01Z');
    await rawGet(c.port, '/i?n=3');

    const keys = await c.rotate();
    const files = await deliveredFiles(logs);
    expect(files.map((f) => f.key)).toEqual([...keys].sort());
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file.key).toMatch(LOG_OBJECT_KEY);
      expect(file.key).toMatch(/^E2QWRUHAPOMQZL\.2024-03-10-1[34]\.[A-Z0-9]{8,12}\.gz$/);
      expect(file.text.startsWith(LOG_HEADER)).toBe(true);
      expect(file.text.endsWith('\n')).toBe(true);
      for (const line of dataLines(file.text)) expect(line.split('\t')).toHaveLength(33);
    }
    const [thirteen, fourteen] = files;
    expect(dataLines(thirteen!.text).map((l) => field(l.split('\t'), 'cs-uri-query')).sort()).toEqual(['n=1', 'n=2']);
    expect(dataLines(thirteen!.text).map((l) => field(l.split('\t'), 'time'))).toEqual(['13:59:58', '13:59:58']);
    expect(dataLines(fourteen!.text).map((l) => field(l.split('\t'), 'cs-uri-query'))).toEqual(['n=3']);
  });

  test('writes the line to the spool before the response is sent', async () => {
    const logs = await world.dir();
    const c = await world.collector({ logs });
    await rawGet(c.port, '/i?e=pv&before=response');
    const spool = join(logs, '.spool');
    const [segment] = await segmentsIn(spool);
    expect(segment).toMatch(/^EFIRNLOCAL0000\.\d{4}-\d{2}-\d{2}-\d{2}\.[A-Z0-9]{11}\.log$/);
    expect(await readFile(join(spool, segment!), 'latin1')).toContain('\t/i\t200\t-\t-\te=pv&before=response\t');
  });

  test('an hour, or a rotation, without requests produces no file', async () => {
    const logs = await world.dir();
    const c = await world.collector({ logs });
    expect(await c.rotate()).toEqual([]);
    await rawGet(c.port, '/i');
    expect(await c.rotate()).toHaveLength(1);
    expect(await c.rotate()).toEqual([]);
    expect(await deliveredFiles(logs)).toHaveLength(1);
  });

  test('each rotation makes a new file, so one hour can have several, told apart by the unique id', async () => {
    const logs = await world.dir();
    const c = await world.collector({ logs, now: () => new Date('2024-03-10T13:00:00Z') });
    await rawGet(c.port, '/i?n=1');
    const [first] = await c.rotate();
    await rawGet(c.port, '/i?n=2');
    const [second] = await c.rotate();
    expect(first!.slice(0, 29)).toBe(second!.slice(0, 29)); // EFIRNLOCAL0000.2024-03-10-13.
    expect(first).not.toBe(second);
  });

  test('close() delivers every logged line, then the port is closed', async () => {
    const logs = await world.dir();
    const c = await world.collector({ logs });
    await Promise.all([1, 2, 3, 4, 5].map((n) => rawGet(c.port, `/i?n=${n}`)));
    await c.close();
    const files = await deliveredFiles(logs);
    expect(files.flatMap((f) => dataLines(f.text).map((l) => field(l.split('\t'), 'cs-uri-query'))).sort()).toEqual(['n=1', 'n=2', 'n=3', 'n=4', 'n=5']);
    expect(await segmentsIn(join(logs, '.spool'))).toEqual([]);
    await expect(fetch(`${c.url}/i`)).rejects.toThrow();
  });

  test('the rotation timer delivers on its own, and onDelivered hears of it', async () => {
    const logs = await world.dir();
    let heard!: (keys: readonly string[]) => void;
    const delivered = new Promise<readonly string[]>((resolve) => (heard = resolve));
    const c = await world.collector({ logs, rotateSeconds: 1 });
    c.onDelivered = heard;
    await rawGet(c.port, '/i?timer=1');
    const keys = await delivered;
    expect(keys).toHaveLength(1);
    expect((await deliveredFiles(logs)).map((f) => f.key)).toEqual(keys);
  });
});

describe('after a crash', () => {
  test('kill -9, then the next start: every answered hit is delivered, once', async () => {
    const logs = await world.dir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot, 'test/collector/fixtures/crash-child.ts'), logs], { cwd: packageRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [url] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const port = Number(new URL(url).port);
      // Answered concurrently, so lines share group-committed writes; kill -9 right after the last answer.
      await Promise.all(Array.from({ length: 30 }, (_, n) => rawGet(port, `/i?crash=${n + 1}`)));
    } finally {
      child.kill('SIGKILL');
    }
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    expect(await deliveredFiles(logs)).toEqual([]);
    expect(await segmentsIn(join(logs, '.spool'))).toHaveLength(1);

    let recovered: readonly string[] = [];
    await world.collector({ logs, onDelivered: (keys) => (recovered = keys) }); // takes over the dead collector's lock
    const files = await deliveredFiles(logs);
    expect(files.map((f) => f.key)).toEqual(recovered);
    const answered = Array.from({ length: 30 }, (_, n) => `crash=${n + 1}`);
    expect(files.flatMap((f) => dataLines(f.text)).map((l) => field(l.split('\t'), 'cs-uri-query')).sort()).toEqual(answered.sort());
    expect(await segmentsIn(join(logs, '.spool'))).toEqual([]);
  });

  test('a segment delivered just before the crash is not delivered twice', async () => {
    const logs = await world.dir();
    const spool = join(logs, '.spool');
    await mkdir(spool, { recursive: true });
    const line = 'x\t'.repeat(32) + 'x\n';
    await writeFile(join(spool, 'EFIRNLOCAL0000.2024-03-10-13.AAAAAAAAAAA.log'), line);
    await writeFile(join(logs, 'EFIRNLOCAL0000.2024-03-10-13.AAAAAAAAAAA.gz'), gzipSync(LOG_HEADER + line));
    let recovered: readonly string[] | undefined;
    await world.collector({ logs, onDelivered: (keys) => (recovered = keys) });
    expect(recovered).toBeUndefined();
    expect(await deliveredFiles(logs)).toHaveLength(1);
    expect(await segmentsIn(spool)).toEqual([]);
  });

  test('the temporary file of a delivery cut short is removed by a later start once an hour old; a younger one may be in progress', async () => {
    const logs = await world.dir();
    const touched = async (name: string, ageMs: number): Promise<void> => {
      await writeFile(join(logs, name), 'half a log file');
      const at = (Date.now() - ageMs) / 1000;
      await utimes(join(logs, name), at, at);
    };
    await touched('.tmp-0a1b2c3d4e5f', LEFTOVER_AGE_MS + 60_000);
    await touched('.tmp-ffeeddccbbaa', 1000);
    await world.collector({ logs });
    expect((await readdir(logs)).filter((f) => f.startsWith('.tmp-'))).toEqual(['.tmp-ffeeddccbbaa']);
  });

  test('an unfinished last line is dropped with a warning, not delivered as a broken row', async () => {
    const logs = await world.dir();
    const spool = join(logs, '.spool');
    await mkdir(spool, { recursive: true });
    await writeFile(join(spool, 'EFIRNLOCAL0000.2024-03-10-13.BBBBBBBBBBB.log'), 'whole\nhal');
    const logger = memoryLogger();
    await world.collector({ logs, logger });
    const [file] = await deliveredFiles(logs);
    expect(file!.text).toBe(LOG_HEADER + 'whole\n');
    expect(logger.lines.join('\n')).toMatch(/dropping 3 bytes of an unfinished last line/);
  });
});

describe('the spool', () => {
  test('is <logs>/.spool for a folder bucket, and a second collector on it refuses to start', async () => {
    const logs = await world.dir();
    const c = await world.collector({ logs });
    expect(c.config.spoolDir).toBe(join(logs, '.spool'));
    await expect(world.collector({ logs })).rejects.toThrow(`spool ${join(logs, '.spool')} is in use by another collector (pid ${process.pid})`);
  });

  test('is released by close(), so the next collector can start', async () => {
    const logs = await world.dir();
    await (await world.collector({ logs })).close();
    await expect(world.collector({ logs })).resolves.toBeDefined();
  });

  test('is released when the port is taken, and the error names the address', async () => {
    const taken = await world.collector({ logs: await world.dir() });
    const logs = await world.dir();
    await expect(world.collector({ logs, port: taken.port })).rejects.toThrow(`cannot listen on 127.0.0.1:${taken.port}`);
    await expect(world.collector({ logs })).resolves.toBeDefined();
  });
});
