/**
 * A staged file (a part, a claim, pending fragments) as a stream for `Bucket.write`: copying
 * it to a folder or S3 allocates a fresh Buffer per chunk, and nothing else on the
 * coordinator's thread makes enough JS garbage for V8 to collect them soon (`memory.ts`): a
 * 100-MB part would leave tens of MB of dead chunks. So the chunks are counted and collected
 * young as they pass.
 */
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { youngGarbageCollector } from '../memory.ts';

export function readStaged(path: string): Readable {
  const collect = youngGarbageCollector();
  const source = createReadStream(path);
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      collect(chunk.length);
      done(null, chunk);
    },
  });
  source.on('error', (e) => counted.destroy(e)); // pipe() does not forward a source's error
  counted.on('close', () => source.destroy());
  return source.pipe(counted);
}
