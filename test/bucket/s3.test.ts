/** The `s3://` bucket against a real S3 API: s3rver over HTTP on 127.0.0.1. */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync, gunzipSync } from 'node:zlib';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from 'vitest';
import type { Bucket, ObjectInfo } from '../../node/bucket/index.ts';
import { openBucket } from '../../node/bucket/index.ts';
import { createS3Client, parseS3Url, S3Bucket, type S3BucketOptions } from '../../node/bucket/s3.ts';
import { startS3, type TestS3 } from '../support/s3.ts';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3?.stop());

let n = 0;
/** A bucket under a prefix of its own, so tests do not see each other's objects. */
function bucket(options: Partial<S3BucketOptions> = {}): S3Bucket {
  return new S3Bucket(s3.url(`t${++n}/logs`), { ...s3.options, ...options });
}

async function all(listing: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const o of listing) out.push(o);
  return out;
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString();
}

describe('s3:// URLs', () => {
  test.each([
    ['s3://logs', { bucket: 'logs', prefix: '' }],
    ['s3://logs/', { bucket: 'logs', prefix: '' }],
    ['s3://logs/cloudfront', { bucket: 'logs', prefix: 'cloudfront/' }],
    ['s3://my.logs-1/a/b/', { bucket: 'my.logs-1', prefix: 'a/b/' }],
  ])('%s is bucket and prefix %j', (url, parts) => {
    expect(parseS3Url(url)).toEqual(parts);
  });

  test.each(['s3://', 's3:///prefix', 's3://Upper/x', 's3://a'])('%s is refused, naming the URL and what is accepted', (url) => {
    expect(() => parseS3Url(url)).toThrow(`S3 URL ${JSON.stringify(url)} does not name a bucket: accepted is s3://<bucket>[/<prefix>]`);
  });

  test('openBucket opens s3:// URLs as S3 buckets, folders as folders, and refuses other schemes', () => {
    expect(openBucket('s3://logs/cf', { s3: s3.options })).toBeInstanceOf(S3Bucket);
    expect(() => openBucket('https://example.com/logs')).toThrow('bucket "https://example.com/logs" is not supported: accepted are a folder path or s3://bucket/prefix');
  });

  test('keys that would leave the prefix are refused', async () => {
    await expect(bucket().write('../x', new Uint8Array(1))).rejects.toThrow('key "../x" is not a relative key inside');
    await expect(bucket().readBytes('/abs')).rejects.toThrow('key "/abs" is not a relative key');
  });

  test('partBytes below S3’s 5 MiB minimum is refused', () => {
    expect(() => bucket({ partBytes: 1024 })).toThrow('S3 partBytes: 1024 is not an integer of at least 5242880');
  });
});

describe('the client', () => {
  test('computes and validates checksums only when required, and uses path-style URLs with a custom endpoint', async () => {
    const client = await createS3Client({}, { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });
    expect(await client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await client.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
    expect(client.config.forcePathStyle).toBe(true);
    expect(await client.config.region()).toBe('us-east-1');
    client.destroy();
  });

  test('takes the region from AWS_REGION and keeps virtual-hosted URLs for AWS itself', async () => {
    const client = await createS3Client({}, { AWS_REGION: 'eu-west-3' });
    expect(await client.config.region()).toBe('eu-west-3');
    expect(client.config.forcePathStyle).toBe(false);
    client.destroy();
  });
});

describe('an S3 bucket', () => {
  test('writes and reads objects under its prefix, keys relative to it', async () => {
    const b = bucket();
    await b.write('a.json', Buffer.from('{"a":1}'));
    await b.write('events/date=2025-01-01/part-1.tsv.gz', gzipSync('row\n'));
    expect(Buffer.from((await b.readBytes('a.json'))!).toString()).toBe('{"a":1}');
    expect(gunzipSync((await b.readBytes('events/date=2025-01-01/part-1.tsv.gz'))!).toString()).toBe('row\n');
    expect(await text(await b.read('a.json'))).toBe('{"a":1}');
    expect((await all(b.list())).map((o) => o.key)).toEqual(['a.json', 'events/date=2025-01-01/part-1.tsv.gz']);
    // The same objects, seen from the bucket root, carry the prefix.
    const root = new S3Bucket(s3.url(), s3.options);
    expect((await all(root.list(b.prefix))).map((o) => o.key)).toEqual([`${b.prefix}a.json`, `${b.prefix}events/date=2025-01-01/part-1.tsv.gz`]);
  });

  test('readBytes of a missing key is null; read of one fails naming the key and bucket', async () => {
    const b = bucket();
    expect(await b.readBytes('nope.gz')).toBeNull();
    await expect(b.read('nope.gz')).rejects.toThrow(`no object "nope.gz" in ${b.url}`);
  });

  test('lists every page of ListObjectsV2, filtered by prefix, without dot-named objects', async () => {
    const b = bucket({ listPageSize: 2 });
    for (const key of ['x/1.gz', 'x/2.gz', 'x/3.gz', 'x/.tmp-1', '.spool/s.log', 'y/4.gz', 'x/5.gz']) await b.write(key, Buffer.from(key));
    expect((await all(b.list())).map((o) => o.key)).toEqual(['x/1.gz', 'x/2.gz', 'x/3.gz', 'x/5.gz', 'y/4.gz']);
    expect((await all(b.list('x/'))).map((o) => o.key)).toEqual(['x/1.gz', 'x/2.gz', 'x/3.gz', 'x/5.gz']);
  });

  test('version is the ETag, and changes when the object is rewritten', async () => {
    const b = bucket();
    await b.write('k.gz', Buffer.from('one'));
    const [first] = await all(b.list());
    expect(first).toEqual({ key: 'k.gz', size: 3, version: createHash('md5').update('one').digest('hex') }); // a one-part upload's ETag, quotes dropped
    await b.write('k.gz', Buffer.from('two'));
    const [second] = await all(b.list());
    expect(second!.version).not.toBe(first!.version);
  });

  test('stores .gz as application/gzip with no Content-Encoding, so nothing inflates it on the way', async () => {
    const b = bucket();
    await b.write('f.gz', gzipSync('x'));
    const head = await (await b.client()).send(new HeadObjectCommand({ Bucket: b.bucket, Key: `${b.prefix}f.gz` }));
    expect(head.ContentType).toBe('application/gzip');
    expect(head.ContentEncoding).toBeUndefined();
  });

  test('stores a stream byte for byte (a gzip stream of unknown length)', async () => {
    const b = bucket();
    const bytes = gzipSync(randomBytes(300_000));
    await b.write('s.gz', Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]));
    expect(Buffer.from((await b.readBytes('s.gz'))!).equals(bytes)).toBe(true);
  });

  test('uploads a stream longer than a part in parts, byte for byte', async () => {
    const b = bucket({ partBytes: 5 * 1024 * 1024 });
    const bytes = randomBytes(11 * 1024 * 1024 + 17);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    await b.write('big.bin', Readable.from(chunks));
    expect(Buffer.from((await b.readBytes('big.bin'))!).equals(bytes)).toBe(true);
    expect(await b.create('big.bin', Readable.from(chunks))).toBe(false);
  });

  test('create never overwrites: the second create of a key is false and leaves the first object', async () => {
    const b = bucket();
    expect(await b.create('EFIRN.2025-01-01-00.AAAAAAAAAAA.gz', Buffer.from('first'))).toBe(true);
    expect(await b.create('EFIRN.2025-01-01-00.AAAAAAAAAAA.gz', Buffer.from('second'))).toBe(false);
    expect(await b.create('EFIRN.2025-01-01-00.AAAAAAAAAAA.gz', Readable.from([Buffer.from('third')]))).toBe(false);
    expect(Buffer.from((await b.readBytes('EFIRN.2025-01-01-00.AAAAAAAAAAA.gz'))!).toString()).toBe('first');
  });
});

describe('create on servers with and without conditional writes', () => {
  test('sends If-None-Match: * and takes a 412 (a writer that won the race) as "already exists"', async () => {
    const proxy = await conditionalProxy(s3.port, 412);
    try {
      const b = new S3Bucket(s3.url('race/'), { ...s3.options, endpoint: proxy.endpoint });
      expect(await b.create('k.gz', Buffer.from('mine'))).toBe(false);
      expect(proxy.conditionalPuts).toBe(1);
      expect(await b.readBytes('k.gz')).toBeNull();
    } finally {
      await proxy.close();
    }
  });

  test('falls back to the HEAD check alone when the server rejects If-None-Match with 501', async () => {
    const proxy = await conditionalProxy(s3.port, 501);
    try {
      const b = new S3Bucket(s3.url('no-conditional/'), { ...s3.options, endpoint: proxy.endpoint });
      expect(await b.create('k.gz', Buffer.from('first'))).toBe(true);
      expect(await b.create('k.gz', Buffer.from('second'))).toBe(false);
      expect(await b.create('l.gz', Buffer.from('third'))).toBe(true);
      expect(proxy.conditionalPuts).toBe(1); // rejected once, then no longer sent
      expect(Buffer.from((await b.readBytes('k.gz'))!).toString()).toBe('first');
    } finally {
      await proxy.close();
    }
  });
});

describe('public types', () => {
  test('an S3 bucket is a Bucket', () => {
    expectTypeOf<S3Bucket>().toMatchTypeOf<Bucket>();
    expectTypeOf(openBucket).parameter(0).toEqualTypeOf<string>();
  });
});

/** Forwards to s3rver, but answers every PUT carrying If-None-Match with `status` (s3rver itself ignores the header). */
async function conditionalProxy(target: number, status: 412 | 501): Promise<{ endpoint: string; conditionalPuts: number; close(): Promise<void> }> {
  const state = { conditionalPuts: 0 };
  const server: Server = createServer((req, res) => {
    if (req.method === 'PUT' && req.headers['if-none-match']) {
      state.conditionalPuts++;
      req.resume();
      const code = status === 412 ? 'PreconditionFailed' : 'NotImplemented';
      return void res.writeHead(status, { 'Content-Type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
    }
    const upstream = httpRequest({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get conditionalPuts() {
      return state.conditionalPuts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}
