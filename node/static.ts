import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

/** Content types of what Firn serves. `.gz` is served as a file, never with Content-Encoding, so browsers do not inflate it. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.tsv': 'text/tab-separated-values',
};

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves folders under URL prefixes (`{ '/': 'demo', '/data/': 'data' }`), longest prefix first,
 * with `index.html` for folders and CORS open, so a playground on another origin can read data.
 */
export interface StaticOptions {
  readonly port?: number;
  readonly host?: string;
  /** Pages made in memory, by exact path (e.g. a page templated with a port known only at start). */
  readonly pages?: Readonly<Record<string, string>>;
}

export async function serveStatic(mounts: Readonly<Record<string, string>>, options: StaticOptions = {}): Promise<StaticServer> {
  const { port = 0, host = '127.0.0.1', pages = {} } = options;
  const table = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix.endsWith('/') ? prefix : prefix + '/', resolve(dir)] as const)
    .sort((a, b) => b[0].length - a[0].length);
  const server: Server = createServer(async (req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const page = pages[path];
    if (page !== undefined) return void res.writeHead(200, { 'Content-Type': TYPES['.html']! }).end(req.method === 'HEAD' ? undefined : page);
    const mount = table.find(([prefix]) => path.startsWith(prefix) || path + '/' === prefix);
    if (!mount || (req.method !== 'GET' && req.method !== 'HEAD')) return void res.writeHead(404).end();
    const [prefix, dir] = mount;
    let file = resolve(dir, '.' + path.slice(prefix.length - 1));
    if (file !== dir && !file.startsWith(dir + sep)) return void res.writeHead(403).end();
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!path.endsWith('/')) return void res.writeHead(301, { Location: path + '/' }).end();
        file = join(file, 'index.html');
        info = await stat(file);
      }
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, host, ok));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    close: () => new Promise((ok) => server.close(() => ok()).closeAllConnections()),
  };
}
