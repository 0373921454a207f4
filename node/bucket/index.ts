import type { Bucket } from './bucket.ts';
import { FolderBucket } from './folder.ts';

export type { Bucket, ObjectInfo } from './bucket.ts';

/** Open a bucket from what the user typed: a folder path, or `s3://bucket/prefix`. */
export function openBucket(url: string): Bucket {
  if (url.startsWith('s3://')) throw new Error(`S3 buckets are not supported yet: ${url} (use a folder path)`);
  return new FolderBucket(url);
}
