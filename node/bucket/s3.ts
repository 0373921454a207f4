/**
 * `s3://bucket/prefix` as a Bucket, on `@aws-sdk/client-s3`. Keys are relative to the prefix,
 * so the collector, the ETL and the playground use the same keys on a folder and on S3.
 *
 * - Endpoint, region and credentials come from the usual AWS chain (`AWS_ENDPOINT_URL_S3` or
 *   `AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_PROFILE`, `AWS_ACCESS_KEY_ID`, instance roles, …),
 *   or from `S3BucketOptions`. A custom endpoint (MinIO, s3rver) gets path-style URLs.
 * - Checksums are computed and checked only when S3 requires them: with the SDK's default
 *   (`WHEN_SUPPORTED`) stream uploads are sent `aws-chunked`, which s3rver stores with the chunk
 *   framing inside the object, silently corrupting it.
 * - Objects are stored as the bytes given: a `.gz` is `application/gzip` with no
 *   `Content-Encoding`, so no client inflates a log or event file on the way.
 */
import type { CompleteMultipartUploadCommand, PutObjectCommand, S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { Bucket, ObjectInfo } from './bucket.ts';

type Sdk = typeof import('@aws-sdk/client-s3');
let sdk: Promise<Sdk> | undefined;
/** The SDK is loaded on first use (about 300 ms): commands that only touch folders never pay for it. */
const loadSdk = (): Promise<Sdk> => (sdk ??= import('@aws-sdk/client-s3'));

export interface S3BucketOptions {
  /** A client to use as is; the options below, but `partBytes` and `listPageSize`, are then ignored. */
  readonly client?: S3Client;
  /** Default `AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL`, then AWS itself. */
  readonly endpoint?: string;
  /** Default `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's; `us-east-1` with a custom endpoint. */
  readonly region?: string;
  /** Default: the SDK's provider chain. */
  readonly credentials?: S3ClientConfig['credentials'];
  /** Path-style URLs (`endpoint/bucket/key`). Default: on with a custom endpoint, off for AWS. */
  readonly forcePathStyle?: boolean;
  /** Attempts per request, the first included, with the SDK's exponential backoff between them. Default 3. */
  readonly maxAttempts?: number;
  /** A stream longer than this is uploaded in parts of this size. Default 8 MiB; S3's minimum is 5 MiB. */
  readonly partBytes?: number;
  /** Keys per ListObjectsV2 page, 1 to 1000 (S3's maximum and default). */
  readonly listPageSize?: number;
}

export class S3BucketError extends Error {}

/** Bucket names as S3 accepts them (general purpose buckets). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MIN_PART_BYTES = 5 * 1024 * 1024;

/** Content types for the objects Firn writes; never a Content-Encoding. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.gz': 'application/gzip',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.tsv': 'text/tab-separated-values',
  '.js': 'text/javascript; charset=utf-8',
  '.gif': 'image/gif',
};

/** `s3://bucket/prefix` → its parts; the prefix is empty or ends with `/`. */
export function parseS3Url(url: string): { readonly bucket: string; readonly prefix: string } {
  const match = /^s3:\/\/([^/]*)\/?(.*)$/.exec(url);
  const bucket = match?.[1] ?? '';
  if (!BUCKET_NAME.test(bucket))
    throw new S3BucketError(`S3 URL ${JSON.stringify(url)} does not name a bucket: accepted is s3://<bucket>[/<prefix>], the bucket 3 to 63 lowercase letters, digits, dots and hyphens`);
  const path = match![2]!.replace(/^\/+/, '');
  return { bucket, prefix: path === '' || path.endsWith('/') ? path : path + '/' };
}

export class S3Bucket implements Bucket {
  readonly bucket: string;
  /** Empty, or ending with `/`. */
  readonly prefix: string;
  private readonly s3: Promise<S3Client>;
  private readonly partBytes: number;
  private readonly listPageSize: number;
  /** Whether the server honours `If-None-Match: *` on writes; cleared when it rejects the header. */
  private conditionalWrites = true;

  constructor(
    readonly url: string,
    options: S3BucketOptions = {},
  ) {
    ({ bucket: this.bucket, prefix: this.prefix } = parseS3Url(url));
    this.partBytes = options.partBytes ?? 8 * 1024 * 1024;
    if (!Number.isInteger(this.partBytes) || this.partBytes < MIN_PART_BYTES)
      throw new S3BucketError(`S3 partBytes: ${JSON.stringify(options.partBytes)} is not an integer of at least ${MIN_PART_BYTES} (5 MiB, S3's smallest part)`);
    this.listPageSize = options.listPageSize ?? 1000;
    if (!Number.isInteger(this.listPageSize) || this.listPageSize < 1 || this.listPageSize > 1000)
      throw new S3BucketError(`S3 listPageSize: ${JSON.stringify(options.listPageSize)} is not an integer from 1 to 1000`);
    this.s3 = options.client ? Promise.resolve(options.client) : createS3Client(options);
    this.s3.catch(() => undefined); // reported by the first request that needs it
  }

  /** The SDK client this bucket sends with. */
  client(): Promise<S3Client> {
    return this.s3;
  }

  /** Pages through ListObjectsV2 with continuation tokens; keys come back in S3's order (UTF-8 binary). */
  async *list(prefix = ''): AsyncIterable<ObjectInfo> {
    const [client, { ListObjectsV2Command }] = await Promise.all([this.s3, loadSdk()]);
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, MaxKeys: this.listPageSize, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key!.slice(this.prefix.length);
        // Like a folder bucket: dot-named objects and folders (temporary files, spools) are never listed.
        if (key === '' || key.split('/').some((part) => part.startsWith('.'))) continue;
        yield { key, size: object.Size ?? 0, version: unquote(object.ETag) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async read(key: string): Promise<Readable> {
    const [client, { GetObjectCommand }] = await Promise.all([this.s3, loadSdk()]);
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      return object.Body as Readable;
    } catch (e) {
      if (isNotFound(e)) throw new S3BucketError(`no object ${JSON.stringify(key)} in ${this.url}`, { cause: e });
      throw e;
    }
  }

  async readBytes(key: string): Promise<Uint8Array | null> {
    const [client, { GetObjectCommand }] = await Promise.all([this.s3, loadSdk()]);
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      return await object.Body!.transformToByteArray();
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  /** One PutObject (or, for a long stream, one multipart upload), so readers see the old object or the new one. */
  async write(key: string, body: Uint8Array | Readable): Promise<void> {
    await this.put(key, body, false);
  }

  /** Nothing to remove: see Bucket. */
  async removeLeftovers(): Promise<number> {
    return 0;
  }

  /**
   * Never replaces. A HEAD first: it saves the upload when the key exists, and it is what keeps
   * `create` from overwriting on servers that ignore `If-None-Match` (s3rver 3.7 does: it
   * neither rejects nor honours it on PUT). The write then carries `If-None-Match: *`, so on
   * AWS S3 (conditional writes, since August 2024) a concurrent writer between the two gets a
   * 412 and nothing is replaced. A server that rejects the header (501) gets the HEAD check alone.
   */
  async create(key: string, body: Uint8Array | Readable): Promise<boolean> {
    if (await this.exists(key)) {
      if (body instanceof Readable) body.destroy();
      return false;
    }
    try {
      await this.put(key, body, true);
      return true;
    } catch (e) {
      if (status(e) === 412) return false; // created by someone else between the HEAD and the PUT
      throw e;
    }
  }

  /** True when `key` exists. */
  async exists(key: string): Promise<boolean> {
    const [client, { HeadObjectCommand }] = await Promise.all([this.s3, loadSdk()]);
    try {
      await client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  private key(key: string): string {
    if (key === '' || key.startsWith('/') || key.split('/').some((part) => part === '..' || part === '.'))
      throw new S3BucketError(`key ${JSON.stringify(key)} is not a relative key inside ${this.url} (no leading /, no . or .. parts)`);
    return this.prefix + key;
  }

  private async put(key: string, body: Uint8Array | Readable, ifAbsent: boolean): Promise<void> {
    const [client, { PutObjectCommand, CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, AbortMultipartUploadCommand }] = await Promise.all([this.s3, loadSdk()]);
    const target = { Bucket: this.bucket, Key: this.key(key), ContentType: contentType(key) };
    if (body instanceof Uint8Array) return this.conditional(client, ifAbsent, (IfNoneMatch) => new PutObjectCommand({ ...target, Body: body, ContentLength: body.length, IfNoneMatch }));
    // PutObject needs the length up front: read a part's worth, and only a longer stream goes multipart.
    const parts = chunked(body, this.partBytes);
    const first = await parts.next();
    const second = first.done ? first : await parts.next();
    if (second.done) {
      const bytes = first.done ? new Uint8Array(0) : first.value;
      return this.conditional(client, ifAbsent, (IfNoneMatch) => new PutObjectCommand({ ...target, Body: bytes, ContentLength: bytes.length, IfNoneMatch }));
    }
    const { UploadId } = await client.send(new CreateMultipartUploadCommand(target));
    try {
      const etags: { ETag: string | undefined; PartNumber: number }[] = [];
      const upload = async (bytes: Uint8Array): Promise<void> => {
        const PartNumber = etags.length + 1;
        const { ETag } = await client.send(new UploadPartCommand({ Bucket: target.Bucket, Key: target.Key, UploadId, PartNumber, Body: bytes, ContentLength: bytes.length }));
        etags.push({ ETag, PartNumber });
      };
      await upload(first.value!);
      await upload(second.value);
      for await (const bytes of parts) await upload(bytes);
      await this.conditional(client, ifAbsent, (IfNoneMatch) => new CompleteMultipartUploadCommand({ Bucket: target.Bucket, Key: target.Key, UploadId, MultipartUpload: { Parts: etags }, IfNoneMatch }));
    } catch (e) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: target.Bucket, Key: target.Key, UploadId })).catch(() => undefined);
      throw e;
    }
  }

  /** Sends with `If-None-Match: *` when asked and supported; a server that rejects the header gets the request again without it. */
  private async conditional(client: S3Client, ifAbsent: boolean, command: (ifNoneMatch: string | undefined) => PutObjectCommand | CompleteMultipartUploadCommand): Promise<void> {
    if (!ifAbsent || !this.conditionalWrites) {
      await client.send(command(undefined) as PutObjectCommand);
      return;
    }
    try {
      await client.send(command('*') as PutObjectCommand);
    } catch (e) {
      if (!rejectsConditionalWrite(e)) throw e;
      this.conditionalWrites = false;
      await client.send(command(undefined) as PutObjectCommand);
    }
  }
}

/** The client every `s3://` bucket uses unless given one. */
export async function createS3Client(options: S3BucketOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<S3Client> {
  const { S3Client } = await loadSdk();
  const endpoint = options.endpoint ?? env['AWS_ENDPOINT_URL_S3'] ?? env['AWS_ENDPOINT_URL'];
  const region = options.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? (endpoint ? 'us-east-1' : undefined);
  return new S3Client({
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    forcePathStyle: options.forcePathStyle ?? endpoint !== undefined,
    maxAttempts: options.maxAttempts ?? 3,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Without timeouts a half-open connection would hold a delivery (and the collector's spool) forever.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000, throwOnRequestTimeout: true },
  });
}

/** Chunks of exactly `size` bytes (the last one shorter), whatever sizes the stream yields. */
async function* chunked(stream: Readable, size: number): AsyncGenerator<Uint8Array, void> {
  let held: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    held.push(bytes);
    length += bytes.length;
    while (length >= size) {
      const all = Buffer.concat(held);
      yield all.subarray(0, size);
      held = [all.subarray(size)];
      length -= size;
    }
  }
  if (length > 0) yield Buffer.concat(held);
}

function contentType(key: string): string {
  const dot = key.lastIndexOf('.');
  return (dot >= 0 && CONTENT_TYPES[key.slice(dot)]) || 'application/octet-stream';
}

function unquote(etag: string | undefined): string {
  return (etag ?? '').replace(/"/g, '');
}

function status(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function isNotFound(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return status(e) === 404 || name === 'NoSuchKey' || name === 'NotFound';
}

/** 501 Not Implemented, or a 400 that names the header: the server does not do conditional writes. */
function rejectsConditionalWrite(e: unknown): boolean {
  const code = status(e);
  const { name = '', message = '' } = (e as { name?: string; message?: string } | null) ?? {};
  return code === 501 || name === 'NotImplemented' || (code === 400 && /if-none-match/i.test(message));
}
