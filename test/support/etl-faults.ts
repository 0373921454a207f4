/**
 * A bucket that fails on cue, for crash tests without killing anything: the write (or exclusive
 * create) of a key matching `when`, or the removal of leftovers (key ''), throws once, as a dying
 * process, a failing network or a denied permission would.
 */
import type { Readable } from 'node:stream';
import type { Bucket, ObjectInfo } from '../../node/bucket/index.ts';

type Op = 'write' | 'create' | 'removeLeftovers';

export function faultyBucket(inner: Bucket, when: (op: Op, key: string) => boolean): Bucket & { readonly faults: string[] } {
  const faults: string[] = [];
  let armed = true;
  const check = (op: Op, key: string, body?: Uint8Array | Readable): void => {
    if (!armed || !when(op, key)) return;
    armed = false;
    faults.push(`${op} ${key}`);
    if (body && !(body instanceof Uint8Array)) body.destroy();
    throw new Error(`injected failure: ${op} ${key}`);
  };
  return {
    url: inner.url,
    faults,
    list: (prefix?: string): AsyncIterable<ObjectInfo> => inner.list(prefix),
    read: (key) => inner.read(key),
    readBytes: (key) => inner.readBytes(key),
    async removeLeftovers(olderThanMs) {
      check('removeLeftovers', '');
      return inner.removeLeftovers(olderThanMs);
    },
    async write(key, body) {
      check('write', key, body);
      return inner.write(key, body);
    },
    async create(key, body) {
      check('create', key, body);
      return inner.create(key, body);
    },
  };
}
