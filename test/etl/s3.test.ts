/**
 * The ETL against a real S3 API (s3rver on 127.0.0.1): s3:// in and out with worker threads,
 * and the Lambda handler fed real-shaped `ObjectCreated` events, redelivered, in any order.
 */
import { readdir, readFile, mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openBucket, type Bucket } from '../../node/bucket/index.ts';
import { createLogger } from '../../node/logger.ts';
import { conservationErrors } from '../../etl/counts.ts';
import { createHandler, type S3Event } from '../../etl/lambda.ts';
import { runEtl } from '../../etl/run.ts';
import { requireBuilt } from '../support/built.ts';
import { lakeEventIds, partsWithoutEtlTstamp } from '../support/etl-lake.ts';
import { writeMixedLogs } from '../support/etl-logs.ts';
import { startS3, type TestS3 } from '../support/s3.ts';

let s3: TestS3;
let dir: string;
let logs: string;
beforeAll(async () => {
  requireBuilt('firn.wasm');
  s3 = await startS3();
  dir = await mkdtemp(join(tmpdir(), 'firn-etl-s3-'));
  logs = join(dir, 'logs');
  await mkdir(logs);
  await writeMixedLogs(logs, { files: 5, lines: 80, seed: 9 });
  await runEtl({ input: openBucket(logs), output: openBucket(join(dir, 'reference')), logger });
});
afterAll(async () => {
  await s3?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const logger = createLogger('silent');

/** Uploads the test logs under `prefix` of the test bucket; their keys there. */
async function upload(prefix: string): Promise<string[]> {
  const bucket = openBucket(s3.url(prefix), { s3: s3.options });
  const names = (await readdir(logs)).sort();
  for (const name of names) await bucket.write(name, await readFile(join(logs, name)));
  return names.map((n) => prefix + n);
}

/** The lake under `prefix`, copied to a local folder so the folder helpers can read it. */
async function download(prefix: string): Promise<string> {
  const bucket = openBucket(s3.url(prefix), { s3: s3.options });
  const local = await mkdtemp(join(dir, 'lake-'));
  const folder = openBucket(local);
  for await (const o of bucket.list()) await folder.write(o.key, (await bucket.readBytes(o.key))!);
  return local;
}

/** An S3 event notification as S3 sends it (version 2.1), one record per key. */
function s3Event(keys: readonly string[], sizes: Map<string, number>): S3Event {
  return JSON.parse(JSON.stringify({
    Records: keys.map((key) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2025-11-28T10:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'firn-etl',
        bucket: { name: s3.bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${s3.bucket}` },
        object: { key: encodeURIComponent(key).replaceAll('%2F', '/'), size: sizes.get(key) ?? 0, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5' },
      },
    })),
  })) as S3Event;
}

async function sizes(prefix: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const o of openBucket(s3.url(prefix), { s3: s3.options }).list()) out.set(prefix + o.key, o.size);
  return out;
}

describe('on S3', () => {
  test('s3:// to s3:// with worker threads: the lake a folder run makes; a re-run does nothing', async () => {
    await upload('cli/logs/');
    const input: Bucket = openBucket(s3.url('cli/logs/'), { s3: s3.options });
    const output: Bucket = openBucket(s3.url('cli/lake/'), { s3: s3.options });
    const summary = await runEtl({ input, output, logger, workers: 2, inputOptions: { s3: s3.options } });
    expect(summary).toMatchObject({ files: 5, failed: [] });
    expect(conservationErrors(summary)).toEqual([]);
    expect(await runEtl({ input, output, logger, workers: 2, inputOptions: { s3: s3.options } })).toMatchObject({ files: 0, skipped: 5, parts: [] });
    const lake = await download('cli/lake/');
    expect(await lakeEventIds(lake)).toEqual(await lakeEventIds(join(dir, 'reference')));
    expect(await partsWithoutEtlTstamp(lake)).toEqual(await partsWithoutEtlTstamp(join(dir, 'reference')));
    const index = JSON.parse(gunzipSafe(await output.readBytes('_index.json')));
    expect(index.events.length).toBeGreaterThan(0);
  });

  test('the Lambda handler: one event per log, redelivered, out of order, exactly once', async () => {
    const keys = await upload('lambda/cloudfront/');
    const size = await sizes('lambda/cloudfront/');
    const handle = createHandler({ input: 'lambda/cloudfront/', output: s3.url('lambda/lake/'), s3: s3.options, logger });
    for (const key of [keys[1]!, keys[0]!, keys[3]!, keys[2]!, keys[4]!]) {
      const [summary] = await handle(s3Event([key], size));
      expect(summary).toMatchObject({ files: 1, failed: [] });
    }
    // S3 delivers at least once: the same events again, and a batch of all of them
    for (const key of keys) expect((await handle(s3Event([key], size)))[0]).toMatchObject({ files: 0, skipped: 1 });
    expect((await handle(s3Event(keys, size)))[0]).toMatchObject({ files: 0, skipped: 5 });

    const lake = await download('lambda/lake/');
    // Arriving out of order, logs keep other copies of duplicates than a run in key order: the same events, each once.
    expect(await lakeEventIds(lake)).toEqual(await lakeEventIds(join(dir, 'reference')));
  });

  test('the Lambda handler removes what a timed-out invocation staged in its /tmp, however recent', async () => {
    const keys = await upload('lambda3/cloudfront/');
    const size = await sizes('lambda3/cloudfront/');
    const tmp = await mkdtemp(join(dir, 'tmp-'));
    // The same process id (the runtime restarted after a timeout may get it back), not made by this process.
    const staged = join(tmp, `firn-etl-${process.pid}-timedout`);
    await mkdir(join(staged, 'log-0'), { recursive: true });
    const before = process.env['TMPDIR'];
    process.env['TMPDIR'] = tmp;
    try {
      const handle = createHandler({ input: 'lambda3/cloudfront/', output: s3.url('lambda3/lake/'), s3: s3.options, logger });
      expect((await handle(s3Event([keys[0]!], size)))[0]).toMatchObject({ files: 1, failed: [] });
    } finally {
      if (before === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = before;
    }
    expect(await readdir(tmp)).toEqual([]); // the leftover, and the invocation's own work folder
  });

  test('the Lambda handler ignores what is not a new log under its prefix', async () => {
    const handle = createHandler({ input: 'lambda2/cloudfront/', output: s3.url('lambda2/lake/'), s3: s3.options, logger });
    const event = s3Event(['lambda2/other/x.gz', 'lambda2/cloudfront/readme.txt'], new Map());
    expect(await handle(event)).toEqual([]);
    expect(await handle({ Records: [{ ...event.Records[0]!, eventName: 'ObjectRemoved:Delete' }] })).toEqual([]);
  });
});

function gunzipSafe(bytes: Uint8Array | null): string {
  const b = Buffer.from(bytes ?? []);
  return b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b).toString() : b.toString();
}
