/**
 * The local collector: an HTTP server that answers like a CloudFront distribution in front of
 * the pixel bucket, and writes CloudFront access-log files into a bucket, so nothing
 * downstream can tell it from the real thing. See `infra/README.md`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveCollectorConfig, type CollectorConfig, type ResolvedCollectorConfig } from './config.ts';
import { deliverSegment } from './delivery.ts';
import { createHandler } from './handler.ts';
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
  /** Called with the keys of each rotation that delivered at least one file; set it any time. */
  onDelivered: ((keys: readonly string[]) => void) | undefined;
}

/**
 * Starts the collector. Segments a crashed run left in the spool are delivered before the
 * server listens.
 */
export async function startCollector(options: CollectorConfig): Promise<Collector> {
  const config = resolveCollectorConfig(options);
  const { logger } = config;
  const spool = new Spool(config.spoolDir, config.distributionId);
  await spool.create();
  const lock = await lockSpool(config.spoolDir);

  let closing = false;
  const inFlight = new Set<Promise<void>>();
  const handle = createHandler(config, spool, () => closing);
  const server: Server = createServer(
    // Room for CloudFront's limits (8 KB URL, 20 KB headers) so the handler can answer them itself.
    { maxHeaderSize: 64 * 1024 },
    (request, response) => {
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

  let rotation: Promise<string[]> = Promise.resolve([]);
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
    rotate: () => {
      // One rotation at a time: a timer tick during rotate() waits for it.
      const next = rotation.catch(() => []).then(async () => {
        await spool.freeze();
        return deliverWaiting();
      });
      rotation = next;
      return next;
    },
    close: () => {
      closed ??= (async () => {
        closing = true;
        clearInterval(timer);
        await stopServer();
        try {
          await collector.rotate();
        } finally {
          await lock.release();
        }
      })();
      return closed;
    },
  };

  async function deliverWaiting(): Promise<string[]> {
    const waiting = await spool.waiting();
    const keys: string[] = [];
    const failures: unknown[] = [];
    for (const segment of waiting) {
      try {
        const key = await deliverSegment(config.bucket, segment, logger);
        if (key) keys.push(key);
      } catch (e) {
        failures.push(e);
      }
    }
    if (keys.length > 0) {
      logger.debug?.(`delivered ${keys.join(', ')}`);
      try {
        collector.onDelivered?.(keys);
      } catch (e) {
        logger.error('when running the onDelivered callback', e);
      }
    }
    if (failures.length > 0)
      throw new Error(`could not deliver ${failures.length} of ${waiting.length} log segments to ${config.bucket.url}; they stay in ${config.spoolDir} for the next rotation`, { cause: failures[0] });
    return keys;
  }

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
    await collector.rotate(); // what a crashed run left behind
  } catch (e) {
    logger.error('when delivering log segments left by an earlier run', e);
  }
  try {
    await listen(server, config.port, config.host);
  } catch (e) {
    await lock.release();
    throw new Error(`cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`, { cause: e });
  }
  server.on('error', (e) => logger.error('in the collector server', e));
  timer = setInterval(() => {
    collector.rotate().catch((e: unknown) => logger.error('when delivering logs', e));
  }, config.rotateSeconds * 1000);
  timer.unref();

  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  address = { url: `http://${host}:${port}`, port };
  return collector;
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
