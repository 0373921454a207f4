/**
 * A real S3 API for tests: s3rver over HTTP on 127.0.0.1, a free port (or a given one, to bring
 * the "same" S3 back after an outage), files in a temp folder. Every test stops what it starts.
 *
 * ```ts
 * const s3 = await startS3();
 * const bucket = openBucket(s3.url('logs/'), { s3: s3.options });
 * …
 * await s3.stop(); // also removes the folder unless it was given
 * ```
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3BucketOptions } from '../../node/bucket/s3.ts';

/** The part of s3rver 3.x used here (it ships no types). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as S3rverClass;

/**
 * s3rver 3.7.1 encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node 17+)
 * no longer ships: every truncated listing fails with InternalError. Tokens are opaque to
 * clients, so here DES becomes a pass-through and s3rver's pagination works again.
 */
const nodeCrypto = require('node:crypto') as Record<'createCipheriv' | 'createDecipheriv', unknown>;
for (const name of ['createCipheriv', 'createDecipheriv'] as const) {
  const original = nodeCrypto[name] as (...args: unknown[]) => unknown;
  nodeCrypto[name] = (algorithm: unknown, ...rest: unknown[]): unknown =>
    algorithm === 'des' ? { update: (data: string | Buffer) => Buffer.from(data), final: () => Buffer.alloc(0) } : original(algorithm, ...rest);
}

/** s3rver's built-in account; it checks signatures against it. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** Open to every origin for GET/HEAD/PUT, so browser tests can read and write the bucket. */
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
  </CORSRule>
</CORSConfiguration>`;

export interface TestS3 {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** The bucket created at start. */
  readonly bucket: string;
  /** Where s3rver keeps the objects. */
  readonly directory: string;
  /** What `openBucket(url, { s3 })` needs to reach this server. */
  readonly options: S3BucketOptions;
  /** `s3://<bucket>/<prefix>` */
  url(prefix?: string): string;
  /** Stops listening (dropping open connections). The folder is removed unless it was passed in. */
  stop(): Promise<void>;
}

export interface StartS3Options {
  readonly bucket?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** Reuse a folder (objects survive a stop); default a new temp folder. */
  readonly directory?: string;
}

export async function startS3(options: StartS3Options = {}): Promise<TestS3> {
  const bucket = options.bucket ?? 'firn-test';
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'firn-s3rver-')));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [CORS] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    port,
    bucket,
    directory,
    options: { endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS, forcePathStyle: true },
    url: (prefix = '') => `s3://${bucket}/${prefix}`,
    stop: () =>
      (stopped ??= (async () => {
        const closing = server.close();
        server.httpServer?.closeAllConnections(); // keep-alive sockets would hold close() for seconds
        await closing;
        if (options.directory === undefined) await rm(directory, { recursive: true, force: true });
      })()),
  };
}

/** A port that was free a moment ago, for a server that is started later (an S3 that is "down" first). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
