/**
 * The local collector: an HTTP server that answers like a CloudFront distribution in front of
 * the pixel bucket, and writes CloudFront access-log files into a bucket (a folder or S3), so
 * nothing downstream can tell it from the real thing. See `infra/README.md`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LEFTOVER_AGE_MS } from '../../node/bucket/index.ts';
import { resolveCollectorConfig, type CollectorConfig, type ResolvedCollectorConfig } from './config.ts';
import { Deliverer } from './deliverer.ts';
import { createHandler } from './handler.ts';
import { LiveApi } from './live/api.ts';
import { LiveFeed } from './live/feed.ts';
import { loadJudge, type Judge } from './live/judge.ts';
import { HitStore } from './live/store.ts';
import { Spool } from './spool.ts';
import { lockSpool } from './spool-lock.ts';

export type { CollectorConfig, ResolvedCollectorConfig } from './config.ts';

export interface Collector {
  /** `http://host:port`, without a trailing slash. The pixel is `${url}/i`. */
  readonly url: string;
  /** The port actually bound (useful with `port: 0`). */
  readonly port: number;
  readonly config: Readonly<ResolvedCollectorConfig>;
  /** Delivers every spooled line now; resolves with the keys of the files delivered (maybe none). */
  rotate(): Promise<string[]>;
  /** Stops taking requests, lets those in flight finish, delivers everything, then stops. */
  close(): Promise<void>;
  /** Called with the keys of each delivery that delivered at least one file; set it any time. */
  onDelivered: ((keys: readonly string[]) => void) | undefined;
}

/**
 * Starts the collector. Segments a crashed run left in the spool are delivered before the
 * server listens (or, if the bucket is unreachable, retried in the background).
 */
export async function startCollector(options: CollectorConfig): Promise<Collector> {
  const config = resolveCollectorConfig(options);
  const { logger } = config;
  const judge = config.stream || config.testApi ? await judgeOrNull(config) : null;
  const spool = new Spool(config.spoolDir, config.distributionId, {
    maxBytes: config.maxFileBytes,
    onFull: () => deliverer.kick(),
    onError: (e) => logger.error(`when flushing the spool ${config.spoolDir} to disk`, e),
  });
  await spool.create();
  const lock = await lockSpool(config.spoolDir).catch((e: unknown) => {
    spool.stop();
    throw e;
  });
  const deliverer = new Deliverer({
    bucket: config.bucket,
    spool,
    logger,
    retry: config.retry,
    onDelivered: (keys) => collector.onDelivered?.(keys),
  });

  const feed = new LiveFeed(judge, config.testApi ? new HitStore(config.testApiMaxHits) : null);
  const api = new LiveApi(feed, config);
  let closing = false;
  const inFlight = new Set<Promise<void>>();
  const handle = createHandler(config, spool, () => closing, (logged) => feed.publish(logged));
  const server: Server = createServer(
    // Room for CloudFront's limits (8 KB URL, 20 KB headers) so the handler can answer them itself.
    { maxHeaderSize: 64 * 1024 },
    (request, response) => {
      const stem = (request.url ?? '/').split('?', 1)[0]!;
      if (api.handles(stem)) return api.handle(request, response, stem);
      const done = handle(request, response).catch((e: unknown) => {
        logger.error(`when answering ${request.method} ${request.url?.slice(0, 200)}`, e);
        if (!response.headersSent) response.writeHead(500, { Connection: 'close' });
        response.end();
      });
      inFlight.add(done);
      void done.finally(() => inFlight.delete(done));
    },
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Requests Node cannot parse, or with over 64 KB of head, never reach the handler and, like at CloudFront, are never logged.
    logger.debug?.(`unparseable request: ${error.code ?? error.message}`);
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  let closed: Promise<void> | undefined;
  let address = { url: '', port: 0 };
  const collector: Collector = {
    get url() {
      return address.url;
    },
    get port() {
      return address.port;
    },
    config,
    onDelivered: config.onDelivered ?? undefined,
    rotate: async () => {
      await spool.freeze();
      return deliverer.deliver();
    },
    close: () => {
      closed ??= (async () => {
        closing = true;
        clearInterval(timer);
        api.close();
        await stopServer();
        deliverer.stop(); // one last attempt below; what fails waits in the spool for the next start
        try {
          await collector.rotate();
        } finally {
          spool.stop();
          await lock.release();
        }
      })();
      return closed;
    },
  };

  /** Ends listening, waits for the requests being answered (their lines must reach the spool), then drops the connections. */
  async function stopServer(): Promise<void> {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    server.closeAllConnections();
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    await stopped;
  }

  let timer: NodeJS.Timeout | undefined;
  try {
    await deliverer.deliver(); // what a crashed run left behind; on failure the deliverer retries on its own
  } catch (e) {
    logger.error('when delivering log segments left by an earlier run', e);
  }
  try {
    // a delivery cut short by a crash may have left a temporary file in a folder bucket (never a log file)
    await config.bucket.removeLeftovers(LEFTOVER_AGE_MS);
  } catch (e) {
    logger.warn(`could not remove leftover temporary files from ${config.bucket.url}: ${(e as Error).message}`);
  }
  try {
    await listen(server, config.port, config.host);
  } catch (e) {
    deliverer.stop();
    spool.stop();
    await lock.release();
    throw new Error(`cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`, { cause: e });
  }
  server.on('error', (e) => logger.error('in the collector server', e));
  timer = setInterval(() => {
    // Failures are logged and retried by the deliverer.
    collector.rotate().catch(() => undefined);
  }, config.rotateSeconds * 1000);
  timer.unref();

  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  address = { url: `http://${host}:${port}`, port };
  return collector;
}

/**
 * The wasm parser for good/bad verdicts. The test API cannot work without it; the stream can,
 * so there a missing `dist/firn.wasm` is a warning and hits carry no verdict.
 */
async function judgeOrNull(config: Readonly<ResolvedCollectorConfig>): Promise<Judge | null> {
  try {
    return await loadJudge();
  } catch (e) {
    if (config.testApi) throw new Error(`the test API needs the parser to judge hits: ${(e as Error).message}`, { cause: e });
    config.logger.warn(`${(e as Error).message}; /firn/stream shows hits without a good/bad verdict until it is built and the collector restarted`);
    return null;
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
