/** The random identifiers CloudFront puts in logs and log file names, in the same shapes. */
import { randomBytes, randomInt } from 'node:crypto';

const ID_BYTES = 40;
/** Random bytes for 256 ids, drawn at once: one `randomBytes` call per request was 4% of the collector's time under load. */
let pool = Buffer.alloc(0);
let used = 0;

/**
 * `x-edge-request-id` (also sent as `x-amz-cf-id`): 40 random bytes in base64url with the `==`
 * padding kept, giving CloudFront's 56-character shape, e.g.
 * `SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==`.
 */
export function requestId(): string {
  if (used + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * 256);
    used = 0;
  }
  const id = pool.toString('base64url', used, used + ID_BYTES) + '==';
  used += ID_BYTES;
  return id;
}

const FILE_ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Length of the unique part of a log file name, as in AWS's example `RT4KCN4SGK9`. */
export const FILE_ID_LENGTH = 11;

/** The unique part of a log file name: 11 uppercase letters and digits (36^11 ≈ 10^17 values). */
export function fileId(): string {
  let id = '';
  for (let i = 0; i < FILE_ID_LENGTH; i++) id += FILE_ID_ALPHABET[randomInt(FILE_ID_ALPHABET.length)]!;
  return id;
}
