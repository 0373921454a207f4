/**
 * The spool: log lines are appended to a local segment file, one per UTC hour of the requests,
 * and the append has completed before the response goes out, so a line is never lost by a
 * process crash once the client has its answer.
 *
 * - **Group commit.** Lines that arrive while a write is under way are written together by the
 *   next one: one `write` per batch, not per request, which is what keeps the collector fast
 *   under load. Each caller still waits for the write holding its own line.
 * - **Flush.** Every `flushMs` (1 s) each segment written since its last flush is
 *   `fdatasync`ed, and a segment is synced once more when it is closed, so a power failure
 *   loses at most the lines of the last second.
 * - **Rotation.** `freeze()` closes the open segments (new lines start new ones); a segment
 *   also closes on its own once its next line would take it over `maxBytes`. Closed or
 *   left-over segments are `waiting()` for delivery.
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

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface OpenSegment {
  readonly path: string;
  readonly handle: Promise<FileHandle>;
  /** Bytes accepted into the segment (written or queued). */
  bytes: number;
  /** Lines waiting for the next write, and their callers. */
  queue: string[];
  waiters: Waiter[];
  /** The write loop, while it runs. */
  writing: Promise<void> | null;
  /** Written since the last fdatasync. */
  dirty: boolean;
  syncing: Promise<void> | null;
}

export interface SpoolOptions {
  /** A segment is closed before a line that would take it over this many bytes. */
  readonly maxBytes?: number;
  /** fdatasync interval for segments written to; 0 never syncs (tests of other things). */
  readonly flushMs?: number;
  /** Called when a segment closed because it was full; it now waits for delivery. */
  readonly onFull?: () => void;
  /** Where a failed background flush is reported. */
  readonly onError?: (error: unknown) => void;
}

export class Spool {
  /** Open segments by hour (`YYYY-MM-DD-HH`). */
  private readonly open = new Map<string, OpenSegment>();
  /** Segments no longer taking lines, until their last write is done and their file closed. */
  private readonly closing = new Map<OpenSegment, Promise<void>>();
  private readonly maxBytes: number;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly dir: string,
    private readonly distributionId: string,
    private readonly options: SpoolOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? Infinity;
  }

  async create(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const flushMs = this.options.flushMs ?? 1000;
    if (flushMs > 0) {
      this.flushTimer = setInterval(() => void this.flush().catch((e: unknown) => this.options.onError?.(e)), flushMs);
      this.flushTimer.unref();
    }
  }

  /** Appends one line to the hour's segment; resolves once the OS has the bytes. */
  append(hour: string, line: string): Promise<void> {
    let segment = this.open.get(hour);
    if (segment && segment.bytes > 0 && segment.bytes + line.length > this.maxBytes) {
      this.close(hour, segment).then(
        () => this.options.onFull?.(),
        (e: unknown) => this.options.onError?.(e),
      );
      segment = undefined;
    }
    segment ??= this.openSegment(hour);
    segment.bytes += line.length; // lines are escaped ASCII: characters are bytes
    return new Promise<void>((resolve, reject) => {
      segment.queue.push(line);
      segment.waiters.push({ resolve, reject });
      segment.writing ??= this.writeLoop(hour, segment);
    });
  }

  /** Closes every open segment once its lines are written and synced; later lines start new segments. */
  async freeze(): Promise<void> {
    for (const [hour, segment] of [...this.open]) void this.close(hour, segment);
    await Promise.allSettled([...this.closing.values()]);
  }

  /** fdatasync of every segment written since its last flush. */
  async flush(): Promise<void> {
    await Promise.all([...this.open.values()].map((segment) => this.sync(segment)));
  }

  /** Stops the flush timer; call after the last `freeze()`. */
  stop(): void {
    clearInterval(this.flushTimer);
  }

  /** Segments no one appends to any more (closed, or left by a crashed run), oldest hour first. */
  async waiting(): Promise<WaitingSegment[]> {
    const live = new Set([...this.open.values(), ...this.closing.keys()].map((segment) => segment.path));
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
    const segment: OpenSegment = { path, handle: open(path, 'a'), bytes: 0, queue: [], waiters: [], writing: null, dirty: false, syncing: null };
    this.open.set(hour, segment);
    // If the file cannot be opened, forget the segment so the next request tries a new one.
    segment.handle.catch(() => {
      if (this.open.get(hour) === segment) this.open.delete(hour);
    });
    return segment;
  }

  /** Writes the queued lines, batch after batch, until the queue is empty. */
  private async writeLoop(hour: string, segment: OpenSegment): Promise<void> {
    while (segment.queue.length > 0) {
      const lines = segment.queue.join('');
      const waiters = segment.waiters;
      segment.queue = [];
      segment.waiters = [];
      try {
        await (await segment.handle).appendFile(lines);
        segment.dirty = true;
        for (const waiter of waiters) waiter.resolve();
      } catch (e) {
        for (const waiter of waiters) waiter.reject(e);
        // A failed write may have left part of a line: no line goes after it, so delivery can drop it as the file's unfinished tail.
        if (this.open.get(hour) === segment) void this.close(hour, segment);
      }
    }
    segment.writing = null;
  }

  private close(hour: string, segment: OpenSegment): Promise<void> {
    if (this.open.get(hour) === segment) this.open.delete(hour);
    let closed = this.closing.get(segment);
    if (!closed) {
      closed = (async () => {
        while (segment.writing) await segment.writing;
        const handle = await segment.handle.catch(() => null);
        if (!handle) return;
        await this.sync(segment).catch(() => undefined);
        await handle.close();
      })().finally(() => this.closing.delete(segment));
      this.closing.set(segment, closed);
    }
    return closed;
  }

  private async sync(segment: OpenSegment): Promise<void> {
    while (segment.syncing) await segment.syncing;
    if (!segment.dirty) return;
    segment.dirty = false;
    segment.syncing = segment.handle
      .then((handle) => handle.datasync())
      .catch((e: unknown) => {
        segment.dirty = true; // try again next time
        throw e;
      })
      .finally(() => (segment.syncing = null));
    await segment.syncing;
  }
}
