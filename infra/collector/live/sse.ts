/**
 * `GET /firn/stream`: every logged line, as it is written, as Server-Sent Events.
 *
 * ```
 * event: hit
 * id: <x-edge-request-id>
 * data: <LiveHit as JSON>
 * ```
 *
 * A comment line (`: connected`) opens the stream and one every 15 s keeps proxies from closing
 * it. A client that reads slower than hits arrive is not buffered without bound: once 1 MiB is
 * waiting for it, hits are skipped, and when it catches up it gets `event: dropped` with
 * `data: {"count": n}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveFeed } from './feed.ts';
import type { LiveHit } from './hit.ts';

const HEARTBEAT_MS = 15_000;
const MAX_BUFFERED_BYTES = 1 << 20;

export class StreamClients {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly feed: LiveFeed) {}

  /** Answers the request and keeps the response open until the client leaves or `closeAll()`. */
  serve(request: IncomingMessage, response: ServerResponse, headers: Record<string, string>): void {
    response.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no', // nginx in front: do not hold events back
    });
    if (request.method === 'HEAD') return void response.end();
    response.write('retry: 2000\n: connected\n\n');
    let dropped = 0;
    const send = (hit: LiveHit): void => {
      if (response.writableLength > MAX_BUFFERED_BYTES) return void dropped++;
      if (dropped > 0) {
        response.write(`event: dropped\ndata: {"count":${dropped}}\n\n`);
        dropped = 0;
      }
      response.write(`event: hit\nid: ${hit.id}\ndata: ${JSON.stringify(hit)}\n\n`);
    };
    const unsubscribe = this.feed.subscribe(send);
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    this.open.add(response);
    const leave = (): void => {
      unsubscribe();
      clearInterval(heartbeat);
      this.open.delete(response);
    };
    response.on('close', leave);
    request.socket.setNoDelay(true);
  }

  /** Ends every stream (the collector is stopping); clients see the end and may reconnect. */
  closeAll(): void {
    for (const response of this.open) response.end();
  }
}
