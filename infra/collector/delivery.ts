/**
 * Delivery of one spool segment: the two header lines and the segment's lines, gzipped, put
 * into the bucket under the CloudFront-style key, then the segment is removed. The bucket's
 * `create` is atomic and never overwrites, so readers never see half a file, and a segment
 * delivered just before a crash (but not yet removed) is not delivered twice.
 */
import { readFile, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { LOG_HEADER } from '../../contract/cloudfront.ts';
import type { Bucket } from '../../node/bucket/index.ts';
import type { Logger } from '../../node/logger.ts';
import { logObjectKey } from './naming.ts';
import type { WaitingSegment } from './spool.ts';

const gzipAsync = promisify(gzip);

/** The key delivered, or null when there was nothing new to deliver. */
export async function deliverSegment(bucket: Bucket, segment: WaitingSegment, logger: Logger): Promise<string | null> {
  const lines = completeLines(await readFile(segment.path), segment.path, logger);
  const key = logObjectKey(segment.name);
  let created = false;
  if (lines.length > 0) {
    created = await bucket.create(key, await gzipAsync(Buffer.concat([Buffer.from(LOG_HEADER), lines])));
    if (!created) logger.debug?.(`${key} was already delivered before a restart; removing its segment`);
  }
  await unlink(segment.path);
  return created ? key : null;
}

/**
 * The segment up to its last newline. Appends are whole lines, so only a machine crash or a full
 * disk can leave a partial one; it is dropped rather than delivered as a broken row.
 */
function completeLines(bytes: Buffer, path: string, logger: Logger): Buffer {
  const end = bytes.lastIndexOf(0x0a) + 1;
  if (end < bytes.length) logger.warn(`dropping ${bytes.length - end} bytes of an unfinished last line in ${path}`);
  return bytes.subarray(0, end);
}
