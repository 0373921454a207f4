/**
 * The parser running in real Chromium: test/parser/browser/page.ts bundled for the browser, served
 * with dist/firn.wasm, driven from Node. Results come back as text for the Node suite to judge.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { distPath, packageRoot } from '../../node/paths.ts';
import { serveStatic, type StaticServer } from '../../node/static.ts';
import type { EnrichmentConfig } from '../../wasm/binding/parser.ts';
import type { PageParse } from '../parser/browser/page.ts';
import { launchChromium } from './browser.ts';

export interface BrowserParser {
  parse(input: string | Uint8Array, options?: { source?: string; enrichments?: EnrichmentConfig; chunkSize?: number }): Promise<PageParse>;
  close(): Promise<void>;
}

export async function openBrowserParser(): Promise<BrowserParser> {
  const dir = await mkdtemp(join(tmpdir(), 'firn-browser-parser-'));
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  try {
    await build({ entryPoints: [join(packageRoot, 'test/parser/browser/page.ts')], bundle: true, format: 'esm', platform: 'browser', outfile: join(dir, 'page.js'), logLevel: 'warning' });
    await writeFile(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="page.js"></script>');
    server = await serveStatic({ '/': dir, '/dist/': distPath() });
    browser = await launchChromium();
    const page: Page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url + '/');
    await page.waitForFunction(() => 'firnParse' in globalThis);
    const opened = { browser, server };
    return {
      async parse(input, options = {}) {
        const data = typeof input === 'string' ? input : [...input];
        const result = await page.evaluate(
          ([d, source, enrichments, chunk]) => (globalThis as unknown as { firnParse: (...a: unknown[]) => Promise<PageParse> }).firnParse(d, source, enrichments, chunk),
          [data, options.source ?? 'test.log', options.enrichments ?? {}, options.chunkSize ?? 1 << 20] as const,
        );
        if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
        return result;
      },
      async close() {
        await opened.browser.close();
        await opened.server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
