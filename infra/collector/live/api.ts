/**
 * The collector's own routes under `/firn/`: the live stream and the test API. They are not
 * part of the CloudFront surface, so they are never logged; when switched off, their paths are
 * ordinary 404s (logged, like any unknown path). Every answer carries the CORS headers, so a
 * browser test on another origin can call them, credentials included.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { corsHeaders } from '../cors.ts';
import type { LiveFeed } from './feed.ts';
import { StreamClients } from './sse.ts';
import { hitsAnswer, problem, resetAnswer, type ApiAnswer } from './test-api.ts';

export const STREAM_PATH = '/firn/stream';
export const HITS_PATH = '/firn/hits';
export const RESET_PATH = '/firn/reset';

export interface LiveApiOptions {
  readonly stream: boolean;
  readonly testApi: boolean;
}

export class LiveApi {
  private readonly clients: StreamClients;
  /** Path → the one method it answers. */
  private readonly routes: ReadonlyMap<string, 'GET' | 'POST'>;

  constructor(
    private readonly feed: LiveFeed,
    options: LiveApiOptions,
  ) {
    this.clients = new StreamClients(feed);
    const routes = new Map<string, 'GET' | 'POST'>();
    if (options.stream) routes.set(STREAM_PATH, 'GET');
    if (options.testApi && feed.store) routes.set(HITS_PATH, 'GET').set(RESET_PATH, 'POST');
    this.routes = routes;
  }

  /** True for the paths this API serves (the others go to the CloudFront-style handler). */
  handles(stem: string): boolean {
    return this.routes.has(stem);
  }

  handle(request: IncomingMessage, response: ServerResponse, stem: string): void {
    const method = request.method ?? 'GET';
    const allowed = this.routes.get(stem)!;
    const cors = corsHeaders(request.headers);
    if (method === 'OPTIONS') {
      const asked = request.headers['access-control-request-headers'];
      return void response
        .writeHead(204, { ...cors, 'Access-Control-Allow-Methods': `${allowed}, OPTIONS`, ...(asked ? { 'Access-Control-Allow-Headers': asked } : {}), 'Access-Control-Max-Age': '86400' })
        .end();
    }
    if (method !== allowed && !(allowed === 'GET' && method === 'HEAD'))
      return send(response, method, cors, problem(405, `${method} ${stem}: accepted is ${allowed}`, { Allow: `${allowed}, OPTIONS` }));
    if (stem === STREAM_PATH) return this.clients.serve(request, response, cors);
    const store = this.feed.store!;
    send(response, method, cors, stem === HITS_PATH ? hitsAnswer(store, request) : resetAnswer(store));
  }

  /** Ends the open streams. */
  close(): void {
    this.clients.closeAll();
  }
}

function send(response: ServerResponse, method: string, cors: Record<string, string>, answer: ApiAnswer): void {
  const body = JSON.stringify(answer.body) + '\n';
  response.writeHead(answer.status, {
    ...cors,
    ...answer.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  response.end(method === 'HEAD' ? undefined : body);
}
