/**
 * The parser's compact UA rules against ua-parser-js 1.x (MIT) on a real UA corpus (the
 * `user-agents` npm package: UAs seen on real sites, with traffic weights). Agreement is stated per
 * dimension and held to a floor, so a rule change that loses ground fails here.
 */
import UAParser from 'ua-parser-js';
import { describe, expect, test } from 'vitest';
import { logFile, logLine, pageViewQuery } from '../support/loglines.ts';
import { parseLog, withoutEventId } from '../support/parse.ts';
import { userAgentCorpus } from '../support/ua-corpus.ts';

/** Agreement floors, as measured when the rules were written (the test prints the current rates). */
const FLOOR = { family: 0.99, major: 0.99, os: 0.99, device: 0.99 } as const;

const corpus = userAgentCorpus();

describe('User-Agent classification', () => {
  test('agrees with ua-parser-js on a real UA corpus', async () => {
    const weights = new Map<string, number>();
    for (const e of corpus) weights.set(e.userAgent, (weights.get(e.userAgent) ?? 0) + e.weight);
    const uas = [...weights.keys()];
    const { events } = await parseLog(logFile(uas.map((ua) => logLine({ userAgent: ua }))));
    expect(events).toHaveLength(uas.length);

    const total = { family: 0, major: 0, os: 0, device: 0 };
    const misses: string[] = [];
    let weightSum = 0;
    uas.forEach((ua, i) => {
      const ours = events[i]!;
      expect(ours['useragent']).toBe(ua);
      const theirs = UAParser(ua);
      const w = weights.get(ua)!;
      weightSum += w;
      const agree = {
        family: ours['br_family'] === (theirs.browser.name ?? ''),
        major: ours['br_version']!.split('.')[0] === (theirs.browser.major ?? ''),
        os: ours['os_family'] === (theirs.os.name ?? 'Other'),
        device: ours['dvce_type'] === (theirs.device.type === 'mobile' || theirs.device.type === 'tablet' ? theirs.device.type : 'desktop'),
      };
      for (const k of Object.keys(total) as (keyof typeof total)[]) if (agree[k]) total[k] += w;
      if (!Object.values(agree).every(Boolean))
        misses.push(`${JSON.stringify([ours['br_family'], ours['br_version'], ours['os_family'], ours['dvce_type']])} vs ${JSON.stringify([theirs.browser.name, theirs.browser.major, theirs.os.name, theirs.device.type])}: ${ua}`);
    });
    const rates = Object.fromEntries(Object.entries(total).map(([k, v]) => [k, Math.round((v / weightSum) * 10000) / 10000]));
    process.stderr.write(`UA agreement with ua-parser-js on ${uas.length} distinct UAs (traffic-weighted): ${JSON.stringify(rates)}\n${misses.slice(0, 15).join('\n')}\n`);
    for (const k of Object.keys(FLOOR) as (keyof typeof FLOOR)[]) expect(rates[k], k).toBeGreaterThanOrEqual(FLOOR[k]);
  });

  test.each([
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
    ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
    ['curl/8.5.0'],
    ['python-requests/2.32.3'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36'],
  ])('%s is a bot', async (ua) => {
    const { events } = await parseLog(logFile([logLine({ userAgent: ua })]));
    expect([events[0]!['dvce_type'], events[0]!['br_type']]).toEqual(['bot', 'Robot']);
  });

  test('writes every UA column for a desktop Chrome', async () => {
    const { events } = await parseLog(logFile([logLine({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36' })]));
    const e = events[0]!;
    expect([e['br_name'], e['br_family'], e['br_version'], e['br_type'], e['br_renderengine'], e['os_name'], e['os_family'], e['os_manufacturer'], e['dvce_type'], e['dvce_ismobile']]).toEqual(
      ['Chrome 131', 'Chrome', '131.0.6778.85', 'Browser', 'BLINK', 'Windows 10', 'Windows', 'Microsoft', 'desktop', '0'],
    );
  });

  test('an iPhone Safari is a mobile device with iOS and its major version', async () => {
    const { events } = await parseLog(logFile([logLine({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1' })]));
    const e = events[0]!;
    expect([e['br_family'], e['br_version'], e['os_name'], e['os_manufacturer'], e['dvce_type'], e['dvce_ismobile'], e['br_type']]).toEqual(
      ['Mobile Safari', '18.1', 'iOS 18', 'Apple', 'mobile', '1', 'Browser (mobile)'],
    );
  });

  test('the memo gives a repeated UA the columns of its first classification, across files too', async () => {
    // a UA is stored at its second miss and replayed from its third sighting on (wasm/assembly/memo.ts)
    const uas = [...new Set(corpus.map((e) => e.userAgent))];
    const text = logFile([0, 1, 2].flatMap(() => uas.map((ua) => logLine({ userAgent: ua }))));
    const first = await parseLog(text);
    const again = await parseLog(text, { parser: first.parser });
    for (const events of [first.events.slice(uas.length), again.events]) {
      events.forEach((e, i) => expect(withoutEventId(e), uas[i % uas.length]).toEqual(withoutEventId(first.events[i % uas.length]!)));
    }
  });

  test('switched off, it fills nothing but the useragent itself, on every line', async () => {
    const { events } = await parseLog(logFile(Array.from({ length: 4 }, () => logLine({}))), { enrichments: { userAgent: false } });
    for (const e of events) expect([e['useragent'], e['br_family'], e['dvce_type']]).toEqual([expect.stringContaining('Chrome/131'), '', '']);
  });

  // Log UAs are remembered by their raw bytes, `ua` parameters by their decoded text (wasm/assembly/useragent.ts).
  const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
  const uaColumns = (e: Record<string, string>) => [e['useragent'], e['br_family'], e['br_version'], e['os_name'], e['dvce_type']];

  test('a `ua` parameter wins over a log UA the memo knows, and is classified itself', async () => {
    const seen = Array.from({ length: 3 }, () => logLine({}));
    const sent = [iphone, 'curl/8.5.0'].map((ua) => logLine({ query: pageViewQuery({ ua }) }));
    const { events } = await parseLog(logFile([...seen, ...sent, ...seen]));
    expect(events.slice(3, 5).map(uaColumns)).toEqual([
      [iphone, 'Mobile Safari', '18.1', 'iOS 18', 'mobile'],
      ['curl/8.5.0', '', '', 'Other', 'bot'], // nothing of the log's Chrome left over
    ]);
    expect(events.slice(5).map(uaColumns)).toEqual(events.slice(0, 3).map(uaColumns));
  });

  test("a `ua` parameter that reads like a remembered log UA's raw bytes is not taken for it", async () => {
    // the log writes the iPhone UA's spaces as %20; a `ua` sending those very bytes means them literally
    const raw = iphone.replaceAll(' ', '%20');
    const literal = logLine({ query: pageViewQuery({ ua: raw }) });
    const alone = (await parseLog(logFile([literal]))).events[0]!;
    const { events } = await parseLog(logFile([...Array.from({ length: 3 }, () => logLine({ userAgent: iphone })), literal, literal]));
    expect(uaColumns(events[0]!)).toEqual([iphone, 'Mobile Safari', '18.1', 'iOS 18', 'mobile']);
    expect(uaColumns(alone)[0]).toBe(raw);
    expect(events.slice(3).map(uaColumns)).toEqual([uaColumns(alone), uaColumns(alone)]);
  });
});
