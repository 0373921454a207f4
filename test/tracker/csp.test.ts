import { describe, expect, test } from 'vitest';
import { openSession, poll, browserAndSite } from './support.ts';

// Page globals, typed only for the functions handed to `page.evaluate` (they run in the page).
declare const document: { addEventListener(type: string, listener: (e: { preventDefault(): void }) => void): void };

const world = browserAndSite();

/** As strict as a page gets while still loading a tracker from itself: no inline script, no eval, Trusted Types on, no fetch/XHR. */
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "img-src 'self'",
  "connect-src 'none'",
  "style-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Strict CSP</title>
<script src="/csp-snippet.js"></script>
<script async src="/dist/firn.js"></script>
</head>
<body><p><a id="out" href="https://elsewhere.example/landing">out</a></p></body>
</html>`;

describe.concurrent('A strict Content-Security-Policy page', () => {
  test('Every feature works, with no CSP violation, console error or warning, or unhandled rejection', async (t) => {
    const s = await openSession(t, world.browser);
    await s.context.route(world.site.url + '/csp.html', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': POLICY }, body: PAGE }));
    await s.page.goto(world.site.url + '/csp.html');
    const pv = await s.hit({ e: 'pv', aid: 'csp' });
    expect(pv.params['cx']).toBeDefined();
    await s.hit({ se_ca: 'csp' });
    const [fragment] = await s.hits(1, { fx_e: 'z' });
    await s.hits(Number(fragment!.params['fx_n'] ?? 1), { fx_e: 'z' });
    // Activity, then a page ping; a link press decorated with _sp and tracked.
    await s.page.mouse.move(5, 5);
    await s.page.mouse.move(9, 9);
    await s.hit({ e: 'pp' });
    await s.page.evaluate(() => document.addEventListener('click', (e) => e.preventDefault()));
    await s.page.click('#out');
    await s.hit({ e: 'ue', eid: /./ });
    expect(await s.page.getAttribute('#out', 'href')).toMatch(/^https:\/\/elsewhere\.example\/landing\?_sp=/);
    await poll(() => s.readStore()).toEqual([]);
    expect(await s.newGlobals()).toEqual(['firn']);
    expect(await s.problems()).toEqual([]);
  });
});
