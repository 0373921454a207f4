import type { Bucket } from './bucket.ts';
import { FolderBucket } from './folder.ts';
import { S3Bucket, type S3BucketOptions } from './s3.ts';

export type { Bucket, ObjectInfo } from './bucket.ts';
export { LEFTOVER_AGE_MS } from './bucket.ts';
export type { S3BucketOptions } from './s3.ts';

export interface OpenBucketOptions {
  /** For `s3://` URLs: endpoint, region, credentials, … (default: the AWS chain and environment). */
  readonly s3?: S3BucketOptions;
}

/** Open a bucket from what the user typed: a folder path, or `s3://bucket/prefix` (keys are then relative to the prefix). */
export function openBucket(url: string, options: OpenBucketOptions = {}): Bucket {
  if (url.startsWith('s3://')) return new S3Bucket(url, options.s3);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw new Error(`bucket ${JSON.stringify(url)} is not supported: accepted are a folder path or s3://bucket/prefix`);
  return new FolderBucket(url);
}
