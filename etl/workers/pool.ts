/**
 * A pool of worker threads processing logs in parallel, one log per thread at a time, in the
 * order asked. The threads ask the coordinator's snapshot for stored ids and get them shared.
 * A thread that dies (a bug, not bad input: bad input is a bad row) fails its log and is replaced.
 *
 * Bundled, the worker module is its own chunk and starts as is. Run from TypeScript sources
 * (tests, `tsx`), a thread first registers tsx's loader from a tiny data: URL module.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ObjectInfo } from '../../node/bucket/index.ts';
import type { Snapshot } from '../dedup/snapshot.ts';
import type { StagedLog } from '../process-log.ts';
import { FromWorker, ToWorker, type FromWorkerMessage, type ToWorkerMessage, type WorkerInit } from './messages.ts';
import type { LogRunner } from './runner.ts';

interface Job {
  readonly id: number;
  readonly log: ObjectInfo;
  readonly dir: string;
  readonly onProgress: ((bytes: number, lines: number) => void) | undefined;
  readonly ok: (staged: StagedLog) => void;
  readonly fail: (e: Error) => void;
}

interface Thread {
  worker: Worker;
  job: Job | null;
}

function workerEntry(url: string): URL {
  if (!url.endsWith('.ts')) return new URL(url);
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  return new URL('data:text/javascript,' + encodeURIComponent(`import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(url)});`));
}

export async function workerPool(size: number, init: Omit<WorkerInit, 'firnEtlWorker'>, snapshot: Snapshot): Promise<LogRunner> {
  const { WORKER_URL } = await import('./worker.ts');
  const entry = workerEntry(WORKER_URL);
  const queue: Job[] = [];
  const threads: Thread[] = [];
  let jobs = 0;
  let closing = false;

  const start = (): Thread => {
    const thread: Thread = { worker: new Worker(entry, { workerData: { ...init, firnEtlWorker: true } satisfies WorkerInit }), job: null };
    const send = (message: ToWorkerMessage): void => thread.worker.postMessage(message);
    thread.worker.on('message', (message: FromWorkerMessage) => {
      switch (message.type) {
        case FromWorker.needSeen:
          snapshot.prepare(message.date).then(
            (seen) => send({ type: ToWorker.seen, request: message.request, seen: seen.shape(), error: null }),
            (e: unknown) => send({ type: ToWorker.seen, request: message.request, seen: null, error: e instanceof Error ? e.message : String(e) }),
          );
          return;
        case FromWorker.progress:
          thread.job?.onProgress?.(message.bytes, message.lines);
          return;
        case FromWorker.done:
        case FromWorker.failed: {
          const job = thread.job!;
          thread.job = null;
          if (message.type === FromWorker.done) job.ok(message.staged);
          else job.fail(new Error(message.error));
          next(thread);
        }
      }
    });
    thread.worker.on('error', (e) => {
      thread.job?.fail(e);
      thread.job = null;
    });
    thread.worker.on('exit', () => {
      if (closing) return;
      thread.job?.fail(new Error('the worker thread stopped'));
      thread.job = null;
      const replacement = start(); // and carry on with the queue
      threads[threads.indexOf(thread)] = replacement;
      next(replacement);
    });
    return thread;
  };

  const next = (thread: Thread): void => {
    if (thread.job || queue.length === 0) return;
    const job = queue.shift()!;
    thread.job = job;
    thread.worker.postMessage({ type: ToWorker.process, job: job.id, log: job.log, dir: job.dir, progress: job.onProgress !== undefined } satisfies ToWorkerMessage);
  };

  for (let i = 0; i < size; i++) threads.push(start());

  return {
    sequential: false,
    process: (log, dir, onProgress) =>
      new Promise<StagedLog>((ok, fail) => {
        queue.push({ id: jobs++, log, dir, onProgress, ok, fail });
        for (const thread of threads) next(thread);
      }),
    async close() {
      closing = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
