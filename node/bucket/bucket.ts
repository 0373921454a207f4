import type { Readable } from 'node:stream';

/**
 * Leftovers (`Bucket.removeLeftovers`) younger than this may be another process's write still in
 * progress: an hour is far above any single write.
 */
export const LEFTOVER_AGE_MS = 60 * 60 * 1000;

/** One stored object. `version` changes whenever the object's bytes could have changed. */
export interface ObjectInfo {
  /** Path inside the bucket, `/`-separated, no leading slash. */
  readonly key: string;
  readonly size: number;
  /** S3: the ETag; folder: size and mtime. Recorded in manifests to notice a rewritten object. */
  readonly version: string;
}

/**
 * Where Firn keeps objects: a local folder (the embedded default) or, later, `s3://bucket/prefix`.
 * Collector delivery, ETL input and ETL output all go through this one interface.
 */
export interface Bucket {
  /** As given by the user: a folder path or an `s3://` URL. */
  readonly url: string;
  /** Every object whose key starts with `prefix` (folders walked with names sorted). Dot-named files and folders (temporary files, spools) are never listed. */
  list(prefix?: string): AsyncIterable<ObjectInfo>;
  /** The object's bytes as a stream. */
  read(key: string): Promise<Readable>;
  /** The whole object, or null when it does not exist. */
  readBytes(key: string): Promise<Uint8Array | null>;
  /** Atomically create or replace `key`: readers see the old object or the whole new one, never a part. */
  write(key: string, body: Uint8Array | Readable): Promise<void>;
  /** Like `write`, but never replaces: resolves false (and writes nothing) when `key` already exists. */
  create(key: string, body: Uint8Array | Readable): Promise<boolean>;
  /**
   * Removes what writes cut short by a crash left behind, when older than `olderThanMs` (a younger
   * one may be another process's write in progress); resolves with how many. Folders: their
   * `.tmp-` files, never listed but taking space. S3: nothing, as a cut-short upload never becomes
   * an object (the template's lifecycle rule aborts its parts).
   */
  removeLeftovers(olderThanMs: number): Promise<number>;
}
