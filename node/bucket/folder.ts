import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import type { Bucket, ObjectInfo } from './bucket.ts';

/**
 * Temporary files start with this. Listings skip every dot-named entry (temporary files, the
 * collector's `.spool/`), so a crashed write or a working file is never a visible object.
 */
const TEMP_PREFIX = '.tmp-';

/** A folder as a bucket: keys are relative paths; writes go to a temporary file, then rename. */
export class FolderBucket implements Bucket {
  readonly root: string;

  constructor(readonly url: string) {
    this.root = resolve(url);
  }

  async *list(prefix = ''): AsyncIterable<ObjectInfo> {
    // Start at the deepest folder the prefix names, so listing one partition does not walk the whole tree.
    const slash = prefix.lastIndexOf('/');
    const start = slash < 0 ? '' : prefix.slice(0, slash);
    for await (const file of walk(join(this.root, start))) {
      const key = relative(this.root, file).split(sep).join('/');
      if (!key.startsWith(prefix)) continue;
      const s = await stat(file);
      yield { key, size: s.size, version: `${s.size}-${Math.trunc(s.mtimeMs)}` };
    }
  }

  async read(key: string): Promise<Readable> {
    const path = this.path(key);
    await stat(path); // fail now, with the path in the message, rather than on first read
    return createReadStream(path);
  }

  async readBytes(key: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async write(key: string, body: Uint8Array | Readable): Promise<void> {
    const temp = await this.writeTemp(key, body);
    await rename(temp, this.path(key));
  }

  async create(key: string, body: Uint8Array | Readable): Promise<boolean> {
    const temp = await this.writeTemp(key, body);
    try {
      await link(temp, this.path(key)); // link() fails with EEXIST instead of replacing, unlike rename()
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    } finally {
      await unlink(temp);
    }
  }

  async removeLeftovers(olderThanMs: number): Promise<number> {
    const before = Date.now() - olderThanMs;
    let removed = 0;
    for await (const file of walk(this.root, 'leftovers')) {
      const s = await stat(file).catch(() => null); // gone meanwhile: its writer renamed it
      if (s && s.mtimeMs < before) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private path(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`key ${JSON.stringify(key)} is outside the bucket folder ${this.root}`);
    return path;
  }

  private async writeTemp(key: string, body: Uint8Array | Readable): Promise<string> {
    const final = this.path(key);
    await mkdir(dirname(final), { recursive: true });
    const temp = join(dirname(final), `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
    const source = body instanceof Uint8Array ? Readable.from([body]) : body;
    await pipeline(source, createWriteStream(temp, { flags: 'wx' }));
    return temp;
  }
}

/** The files under `dir`, names sorted: the objects, or the temporary files of writes cut short. Dot-named folders are never entered. */
async function* walk(dir: string, want: 'objects' | 'leftovers' = 'objects'): AsyncIterable<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.')) yield* walk(path, want);
    } else if (entry.isFile() && (want === 'objects' ? !entry.name.startsWith('.') : entry.name.startsWith(TEMP_PREFIX))) yield path;
  }
}
