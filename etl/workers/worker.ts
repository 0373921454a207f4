/**
 * A worker thread of the ETL pool: one parser (one wasm instance) and one input bucket per
 * thread, logs processed one at a time as the coordinator sends them. Loaded by `pool.ts` as
 * its own module (a chunk of its own once bundled); imported on the main thread, it does nothing.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { openBucket } from '../../node/bucket/index.ts';
import { loadParser } from '../../wasm/binding/node.ts';
import { SeenIds } from '../dedup/seen.ts';
import { LOG_PARSER_BUFFERS } from '../parser-buffers.ts';
import { snapshotSource } from '../dedup/sources.ts';
import { collectLogGarbage } from '../memory.ts';
import { processLog } from '../process-log.ts';
import { FromWorker, ToWorker, type FromWorkerMessage, type ToWorkerMessage, type WorkerInit } from './messages.ts';

/** This module's URL: the pool starts threads on it. */
export const WORKER_URL: string = import.meta.url;

const init = workerData as WorkerInit | undefined;
if (!isMainThread && init?.firnEtlWorker) serve(init);

function serve(init: WorkerInit): void {
  const port = parentPort!;
  const send = (message: FromWorkerMessage): void => port.postMessage(message);
  const parser = loadParser({ ...LOG_PARSER_BUFFERS, enrichments: init.enrichments });
  const input = openBucket(init.input.url, init.input.options);
  const asked = new Map<number, { ok: (seen: SeenIds) => void; fail: (e: Error) => void }>();
  let requests = 0;
  const fetchSeen = (date: string): Promise<SeenIds> =>
    new Promise((ok, fail) => {
      const request = requests++;
      asked.set(request, { ok, fail });
      send({ type: FromWorker.needSeen, request, date });
    });

  let queue = Promise.resolve();
  port.on('message', (message: ToWorkerMessage) => {
    if (message.type === ToWorker.seen) {
      const waiting = asked.get(message.request);
      asked.delete(message.request);
      if (message.seen) waiting?.ok(SeenIds.from(message.seen));
      else waiting?.fail(new Error(message.error ?? 'no stored ids'));
      return;
    }
    const { job, log, dir, progress } = message;
    queue = queue.then(async () => {
      const dedup = snapshotSource(fetchSeen);
      try {
        const staged = await processLog(log, {
          parser: await parser,
          input,
          dir,
          etlTstampMs: init.etlTstampMs,
          dedup,
          onProgress: progress ? (bytes, lines) => send({ type: FromWorker.progress, job, bytes, lines }) : undefined,
        });
        send({ type: FromWorker.done, job, staged });
      } catch (e) {
        send({ type: FromWorker.failed, job, error: e instanceof Error ? e.message : String(e) });
      } finally {
        dedup.close();
        collectLogGarbage();
      }
    });
  });
}
