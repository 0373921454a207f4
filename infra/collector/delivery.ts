/**
 * Delivery of one spool segment: the two header lines and the segment's lines, gzipped, put
 * into the bucket under the CloudFront-style key, then the segment is removed. The bucket's
 * `create` is atomic and never overwrites, so readers never see half a file, and a segment
 * delivered just before a crash (or whose upload succeeded but whose answer was lost) is not
 * delivered twice: its key is the same, and `create` refuses it.
 */
import { createReadStream } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { LOG_HEADER } from '../../contract/cloudfront.ts';
import type { Bucket } from '../../node/bucket/index.ts';
import type { Logger } from '../../node/logger.ts';
import { logObjectKey } from './naming.ts';
import type { WaitingSegment } from './spool.ts';

/** The key delivered, or null when there was nothing new to deliver. */
export async function deliverSegment(bucket: Bucket, segment: WaitingSegment, logger: Logger): Promise<string | null> {
  const end = await completeLength(segment.path, logger);
  const key = logObjectKey(segment.name);
  let created = false;
  if (end > 0) {
    created = await bucket.create(key, await gzipSegment(segment.path, end));
    if (!created) logger.debug?.(`${key} was already delivered (before a restart, or by an attempt whose answer was lost); removing its segment`);
  }
  await unlink(segment.path);
  return created ? key : null;
}

/** Header lines + the segment's first `end` bytes, gzipped. Read as a stream: memory holds the gzip, not the text. */
async function gzipSegment(path: string, end: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(
    async function* () {
      yield Buffer.from(LOG_HEADER);
      yield* createReadStream(path, { start: 0, end: end - 1 });
    },
    createGzip(),
    async (gzipped: AsyncIterable<Buffer>) => {
      for await (const chunk of gzipped) chunks.push(chunk);
    },
  );
  return Buffer.concat(chunks);
}

/** Bytes to scan back at a time for the last newline. */
const TAIL_WINDOW = 64 * 1024;

/**
 * The segment's length up to its last newline. Writes are whole lines, so only a machine crash,
 * a full disk or a failed write can leave a partial one at the end; it is dropped rather than
 * delivered as a broken row.
 */
async function completeLength(path: string, logger: Logger): Promise<number> {
  const file = await open(path, 'r');
  let end = 0;
  let size = 0;
  try {
    size = (await file.stat()).size;
    const window = Buffer.alloc(Math.min(TAIL_WINDOW, size));
    for (let to = size; to > 0 && end === 0; to -= window.length) {
      const from = Math.max(0, to - window.length);
      const { bytesRead } = await file.read(window, 0, to - from, from);
      const newline = window.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) end = from + newline + 1;
    }
  } finally {
    await file.close();
  }
  if (end < size) logger.warn(`dropping ${size - end} bytes of an unfinished last line in ${path}`);
  return end;
}
