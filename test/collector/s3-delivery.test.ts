/** Delivery to `s3://` logs: a real S3 API (s3rver on 127.0.0.1), including an S3 that is down for a while. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { LOG_HEADER } from '../../contract/cloudfront.ts';
import { LOG_OBJECT_KEY } from '../../infra/collector/index.ts';
import { S3Bucket } from '../../node/bucket/s3.ts';
import { freePort, startS3, type TestS3 } from '../support/s3.ts';
import { dataLines, field, memoryLogger, rawGet, testWorld } from './support.ts';

const world = testWorld();
const servers: TestS3[] = [];
afterEach(async () => {
  await world.cleanUp();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function s3(options: Parameters<typeof startS3>[0] = {}): Promise<TestS3> {
  const server = await startS3(options);
  servers.push(server);
  return server;
}

/** Every delivered file under `prefix`, gunzipped, by key (relative to the prefix). */
async function delivered(server: TestS3, prefix: string): Promise<Map<string, string>> {
  const bucket = new S3Bucket(server.url(prefix), server.options);
  const files = new Map<string, string>();
  for await (const object of bucket.list()) files.set(object.key, gunzipSync((await bucket.readBytes(object.key))!).toString('latin1'));
  return files;
}

const queries = (files: Map<string, string>): string[] => [...files.values()].flatMap((text) => dataLines(text).map((l) => field(l.split('\t'), 'cs-uri-query'))).sort();

const segmentsIn = async (spool: string): Promise<string[]> => (await readdir(spool)).filter((f) => f.endsWith('.log'));

describe('S3 delivery', () => {
  test('delivers gzipped CloudFront files under the prefix, header first, named like CloudFront', async () => {
    const server = await s3();
    const spoolDir = await world.dir();
    const c = await world.collector({ logs: server.url('cloudfront/'), s3: server.options, spoolDir, distributionId: 'E2QWRUHAPOMQZL' });
    await rawGet(c.port, '/i?n=1');
    await rawGet(c.port, '/i?n=2');
    const keys = await c.rotate();
    const files = await delivered(server, 'cloudfront/');
    expect([...files.keys()]).toEqual(keys);
    for (const [key, text] of files) {
      expect(key).toMatch(LOG_OBJECT_KEY);
      expect(key.startsWith('E2QWRUHAPOMQZL.')).toBe(true);
      expect(text.startsWith(LOG_HEADER)).toBe(true);
    }
    expect(queries(files)).toEqual(['n=1', 'n=2']);
    expect(await segmentsIn(spoolDir)).toEqual([]);
  });

  test('while S3 is down, lines wait in the spool; when it is back they are delivered once, by the retries alone', async () => {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const spoolDir = await world.dir();
    const logger = memoryLogger();
    let heard!: () => void;
    const deliveredAll = new Promise<void>((resolve) => (heard = resolve));
    const seen: string[] = [];
    const c = await world.collector({
      logs: 's3://firn-test/down/',
      s3: { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, maxAttempts: 1 },
      spoolDir,
      logger,
      retry: { firstMs: 50, maxMs: 200 },
      onDelivered: (keys) => {
        seen.push(...keys);
        heard();
      },
    });
    for (const n of [1, 2, 3]) await rawGet(c.port, `/i?n=${n}`);
    await expect(c.rotate()).rejects.toThrow(`could not deliver 1 of 1 log segments to s3://firn-test/down/; they stay in ${spoolDir} until delivered`);
    await rawGet(c.port, '/i?n=4'); // answered while S3 is down: a new segment
    expect(await segmentsIn(spoolDir)).toHaveLength(2);
    expect(logger.lines.join('\n')).toMatch(/retrying in \d+\.\d s/);

    const server = await s3({ port });
    await c.rotate().catch(() => undefined); // n=4's segment joins the waiting ones (this run may race the retry timer)
    await deliveredAll;
    while ((await segmentsIn(spoolDir)).length > 0) await new Promise((r) => setTimeout(r, 20));
    const files = await delivered(server, 'down/');
    expect(queries(files)).toEqual(['n=1', 'n=2', 'n=3', 'n=4']);
    expect(new Set(seen).size).toBe(seen.length);
    expect(logger.lines.join('\n')).toMatch(/works again after \d+ failed attempts?; nothing was lost/);
  });

  test('stopping while S3 is down fails loudly but keeps the lines in the spool, and the next start delivers them', async () => {
    const port = await freePort();
    const spoolDir = await world.dir();
    const s3Options = { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, maxAttempts: 1 };
    const first = await world.collector({ logs: 's3://firn-test/stopped/', s3: s3Options, spoolDir, logger: memoryLogger() });
    for (const n of [1, 2]) await rawGet(first.port, `/i?n=${n}`);
    await expect(first.close()).rejects.toThrow(`they stay in ${spoolDir} until delivered`);
    expect(await segmentsIn(spoolDir)).toHaveLength(1);

    const server = await s3({ port });
    let recovered: readonly string[] = [];
    await world.collector({ logs: 's3://firn-test/stopped/', s3: s3Options, spoolDir, onDelivered: (keys) => (recovered = keys) });
    const files = await delivered(server, 'stopped/');
    expect([...files.keys()]).toEqual(recovered);
    expect(queries(files)).toEqual(['n=1', 'n=2']);
    expect(await segmentsIn(spoolDir)).toEqual([]);
  });

  test('a segment whose file is already in S3 (delivered, then a crash or a lost answer) is not delivered twice', async () => {
    const server = await s3();
    const spoolDir = await world.dir();
    await mkdir(spoolDir, { recursive: true });
    const line = 'x\t'.repeat(32) + 'x\n';
    await writeFile(join(spoolDir, 'EFIRNLOCAL0000.2024-03-10-13.AAAAAAAAAAA.log'), line);
    const bucket = new S3Bucket(server.url('again/'), server.options);
    await bucket.write('EFIRNLOCAL0000.2024-03-10-13.AAAAAAAAAAA.gz', gzipSync(LOG_HEADER + line));
    let recovered: readonly string[] | undefined;
    await world.collector({ logs: server.url('again/'), s3: server.options, spoolDir, onDelivered: (keys) => (recovered = keys) });
    expect(recovered).toBeUndefined();
    expect([...(await delivered(server, 'again/')).keys()]).toEqual(['EFIRNLOCAL0000.2024-03-10-13.AAAAAAAAAAA.gz']);
    expect(await segmentsIn(spoolDir)).toEqual([]);
  });
});
