/**
 * The spool: log lines are appended to a local segment file, one per UTC hour of the
 * requests, and the append has completed before the response goes out, so a line is never
 * lost by a process crash once the client has its answer. Rotation freezes the open segments
 * (new lines start new ones) and hands every frozen or left-over segment to delivery.
 */
import { mkdir, open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fileId } from './ids.ts';
import { parseSegmentFileName, segmentFileName, type SegmentName } from './naming.ts';

/** A segment that receives no more lines and waits for delivery. */
export interface WaitingSegment {
  readonly path: string;
  readonly name: SegmentName;
}

interface OpenSegment {
  readonly path: string;
  readonly handle: Promise<FileHandle>;
  /** Appends not yet finished; a segment is closed only once they have. */
  readonly pending: Set<Promise<void>>;
}

export class Spool {
  /** Open segments by hour (`YYYY-MM-DD-HH`). */
  private readonly open = new Map<string, OpenSegment>();

  constructor(
    readonly dir: string,
    private readonly distributionId: string,
  ) {}

  async create(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  /** Appends one line to the hour's segment; resolves once the OS has the bytes. */
  append(hour: string, line: string): Promise<void> {
    const segment = this.open.get(hour) ?? this.openSegment(hour);
    const write = segment.handle.then((handle) => handle.appendFile(line));
    segment.pending.add(write);
    void write.then(
      () => segment.pending.delete(write),
      () => segment.pending.delete(write),
    );
    return write;
  }

  /** Stops appending to the open segments and closes them once their appends have finished. */
  async freeze(): Promise<void> {
    const segments = [...this.open.values()];
    this.open.clear();
    await Promise.all(
      segments.map(async (segment) => {
        await Promise.allSettled([...segment.pending]);
        await (await segment.handle.catch(() => null))?.close();
      }),
    );
  }

  /** Segments no one appends to any more (frozen, or left by a crashed run), oldest hour first. */
  async waiting(): Promise<WaitingSegment[]> {
    const live = new Set([...this.open.values()].map((segment) => segment.path));
    const files = (await readdir(this.dir)).sort();
    const waiting: WaitingSegment[] = [];
    for (const file of files) {
      const name = parseSegmentFileName(file);
      const path = join(this.dir, file);
      if (name && !live.has(path)) waiting.push({ path, name });
    }
    return waiting;
  }

  private openSegment(hour: string): OpenSegment {
    const path = join(this.dir, segmentFileName({ distributionId: this.distributionId, hour, id: fileId() }));
    const segment: OpenSegment = { path, handle: open(path, 'a'), pending: new Set() };
    this.open.set(hour, segment);
    // If the file cannot be opened, forget the segment so the next request tries a new one.
    segment.handle.catch(() => {
      if (this.open.get(hour) === segment) this.open.delete(hour);
    });
    return segment;
  }
}
