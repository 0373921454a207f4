/**
 * CloudFront's escaping undone (cloudfront-log-format.md §8–9), on lines written by our own
 * collector, and the parser's handling of chunks, headers and hostile input.
 */
import { describe, expect, test } from 'vitest';
import { PARAMS } from '../../contract/index.ts';
import { logFile, logLine, pageViewQuery } from '../support/loglines.ts';
import { parseLog } from '../support/parse.ts';
import { loadParser } from '../../wasm/binding/node.ts';
import { INDEX_WORDS } from '../../wasm/binding/parser.ts';

/** The page view our collector logs for `query`, parsed. */
async function parseHit(hit: Parameters<typeof logLine>[0]): Promise<Record<string, string>> {
  const { events, bad } = await parseLog(logFile([logLine(hit)]));
  expect(bad, JSON.stringify(bad)).toEqual([]);
  return events[0]!;
}

describe('a 33-field line written by the collector', () => {
  test('becomes a page view with every parameter in its column', async () => {
    const e = await parseHit({});
    expect(e).toMatchObject({
      app_id: 'site', platform: 'web', event: 'page_view', event_id: '2c6b5e0a-3c47-4a8e-9c4f-0b1e2d3c4b5a',
      collector_tstamp: '2025-11-28 08:00:00.000', dvce_created_tstamp: '2025-11-28 08:00:00.000', dvce_sent_tstamp: '2025-11-28 08:00:00.100',
      derived_tstamp: '2025-11-28 07:59:59.900', name_tracker: 'sp', v_tracker: 'js-firn-0.1.0', v_collector: 'cloudfront',
      user_ipaddress: '192.0.2.10', domain_userid: 'a9f5c5b2-44f8-4b5c-8d8f-2c1f0e3a7b6d', domain_sessionidx: '1',
      domain_sessionid: '5d0c3e8b-1f2a-4c6d-9e8f-7a6b5c4d3e2f', page_url: 'https://shop.example/products?id=7#top', page_title: 'Home page',
      page_urlscheme: 'https', page_urlhost: 'shop.example', page_urlport: '443', page_urlpath: '/products', page_urlquery: 'id=7', page_urlfragment: 'top',
      br_lang: 'en-GB', os_timezone: 'Europe/London', doc_charset: 'UTF-8', dvce_screenwidth: '1920', dvce_screenheight: '1080',
      br_viewwidth: '1280', br_viewheight: '720', event_vendor: 'com.snowplowanalytics.snowplow', event_name: 'page_view',
      event_format: 'jsonschema', event_version: '1-0-0',
      useragent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    });
    expect(e['v_etl']).toMatch(/^firn-\d+\.\d+\.\d+/);
  });

  test('keeps quotes, non-ASCII and percent signs of the page title intact', async () => {
    const title = 'Ünïcødé "quoted" 100% <b>bold</b> 日本語 + plus';
    expect((await parseHit({ query: pageViewQuery({ page: title }) }))['page_title']).toBe(title);
  });

  test('turns a TAB in a value into four spaces and drops other control characters', async () => {
    expect((await parseHit({ query: pageViewQuery({ page: 'a\tb\nc\u0007d' }) }))['page_title']).toBe('a    bcd');
  });

  test('writes spaces in the page URL as %20, as the classic ETL did', async () => {
    expect((await parseHit({ query: pageViewQuery({ url: 'https://x.example/a b?q=c d' }) }))['page_url']).toBe('https://x.example/a%20b?q=c%20d');
  });

  test('keeps a + in the User-Agent and turns + in the querystring into a space', async () => {
    const e = await parseHit({ userAgent: 'Mastodon/4.5.2+glitch (+https://x.example)', query: pageViewQuery().replace('page=Home%20page', 'page=Home+page') });
    expect(e['useragent']).toBe('Mastodon/4.5.2+glitch (+https://x.example)');
    expect(e['page_title']).toBe('Home page');
  });

  test('knows a parameter by its whole decoded name: escaped names count, names that only begin like one do not', async () => {
    // `p%61ge` is `page`; `e%00`, `page%00` and `aidx` share a key's first bytes but not its length
    const e = await parseHit({ query: pageViewQuery().replace('page=Home%20page', 'p%61ge=Escaped&e%00=se&page%00=Other&aidx=other') });
    expect([e['page_title'], e['event'], e['app_id']]).toEqual(['Escaped', 'page_view', 'site']);
  });

  test('names that are no parameter change no column, whichever slot of the key table they fall in', async () => {
    // 2,000 unknown names of 1–8 bytes: with the table built today, 153 land on a key's slot, 31 of them with its length
    const known = new Set<string>(PARAMS.map((p) => p.key));
    const names = Array.from({ length: 2600 }, (_, i) => (i * 2654435761 >>> 0).toString(36).slice(0, 1 + (i % 8))).filter((n) => !known.has(n));
    const lines = Array.from({ length: 10 }, (_, l) => logLine({ query: pageViewQuery() + names.slice(l * 200, l * 200 + 200).map((n) => `&${n}=0`).join('') }));
    const { events, bad } = await parseLog(logFile([logLine({}), ...lines]));
    expect(bad).toEqual([]);
    const { event_fingerprint: _, ...plain } = events[0]!;
    for (const { event_fingerprint: _f, ...e } of events.slice(1)) expect(e).toEqual(plain);
  });

  test('a line whose names were seen before applies the same pairs, the last page URL, title and referrer counting', async () => {
    // a cached shape keeps which pairs a line applies and which the memos take (wasm/assembly/pairs.ts `keepApplyList`)
    const twice = (n: number): string => `e=pv&url=${encodeURIComponent(`https://a.example/${n}`)}&page=First&aid=one&refr=${encodeURIComponent('https://r.example/1')}` +
      `&url=${encodeURIComponent(`https://b.example/${n}`)}&aid=two&page=Second${n}&refr=${encodeURIComponent(`https://r.example/${n}`)}&p=web&tv=js-1&unknown=1`;
    const noUrl = (n: number): string => `e=pv&page=Only${n}&p=web&tv=js-1`;
    const lines = [1, 2, 3].flatMap((n) => [logLine({ query: twice(n) }), logLine({ query: noUrl(n) })]);
    const { events, bad } = await parseLog(logFile(lines));
    expect(bad).toEqual([]);
    expect(events.map((e) => [e['page_url'], e['page_title'], e['page_referrer'], e['app_id']])).toEqual([1, 2, 3].flatMap((n) => [
      [`https://b.example/${n}`, `Second${n}`, `https://r.example/${n}`, 'two'],
      // no `url`: the page URL is cs(Referer), and there is no referrer (enrichments.md §4)
      ['https://shop.example/products?id=7', `Only${n}`, '', ''],
    ]));
  });

  test('lines with as many pairs as a line before, but other names, are not taken for its shape', async () => {
    // a line's names are first read as the last shape with as many pairs has them (wasm/assembly/pairs.ts
    // `nameAsShape`): a name that differs in a byte, is longer, or is shorter must each end that
    const query = pageViewQuery({ lang: 'xx-YY' });
    const variants = [query, query.replace('&lang=', '&lanh='), query.replace('&lang=', '&langs='), query.replace('&lang=', '&la=')];
    const lines = [0, 1, 2, 3, 0, 2, 1, 3, 0].map((v) => logLine({ query: variants[v]! }));
    const { events, bad } = await parseLog(logFile(lines));
    expect(bad).toEqual([]);
    expect(events.map((e) => e['br_lang'])).toEqual([0, 1, 2, 3, 0, 2, 1, 3, 0].map((v) => (v === 0 ? 'xx-YY' : '')));
  });

  test('splits the querystring wherever its `&`s and its end fall in the 64-byte blocks it is read in', async () => {
    // wasm/assembly/pairs.ts finds a query's `&`s 64 bytes at a time and takes its end as one more:
    // values of every length from 0 to 139 put a pair's end on each side of two block edges, and
    // the query's end anywhere in a block, after a value or after empty pairs
    const lines = Array.from({ length: 140 }, (_, k) => {
      const query = pageViewQuery({ aid: 'x'.repeat(k), uid: 'z'.repeat(k) });
      return logLine({ query: k % 2 ? `&&${query}&&` : query });
    });
    const { events, bad } = await parseLog(logFile(lines));
    expect(bad).toEqual([]);
    expect(events.map((e) => [e['app_id'], e['user_id'], e['platform']])).toEqual(lines.map((_, k) => ['x'.repeat(k), 'z'.repeat(k), 'web']));
  });

  test('the literal `null` an old tracker sent for a missing number is null; text keeps it, and an empty value is null', async () => {
    const e = await parseHit({ query: pageViewQuery({ aid: 'null', lang: '', tid: 'null', vid: 'null', url: 'null' }) });
    expect([e['app_id'], e['br_lang'], e['txn_id'], e['domain_sessionidx'], e['page_url']]).toEqual(['null', '', '', '', '']);
  });

  test('a line with the names of lines before it, but for a raw NUL byte after one, keeps its own parameters', async () => {
    // lines whose names match a line seen before reuse what its names were found to be
    // (wasm/assembly/pairs.ts shapes); `page` followed by a NUL byte is as long as no parameter
    const known = logLine({ query: pageViewQuery({ page: 'Known' }) });
    const nul = logLine({ query: pageViewQuery({ page: 'Other' }) }).replace('&page=Other', '&page\u0000=Other');
    const { events, bad } = await parseLog(logFile([known, known, nul, known]));
    expect(bad).toEqual([]);
    expect(events.map((e) => e['page_title'])).toEqual(['Known', 'Known', '', 'Known']);
  });
});

describe('screen and viewport sizes (res, vp)', () => {
  test.each([
    ['1920x1080', '1280x720', ['1920', '1080', '1280', '720']],
    ['0800x600', '1280x0720', ['800', '600', '1280', '720']],
    ['0x0', '00x007', ['0', '0', '0', '7']],
    // nine digits a side (the most the parser checks without parsing), more, and past 16 bytes
    ['999999999x999999999', '1x2', ['999999999', '999999999', '1', '2']],
    ['2147483647x0001', '0000000000000001x2', ['2147483647', '1', '1', '2']],
  ])('res=%s and vp=%s give their widths and heights without leading zeros', async (res, vp, want) => {
    const e = await parseHit({ query: pageViewQuery({ res, vp }) });
    expect([e['dvce_screenwidth'], e['dvce_screenheight'], e['br_viewwidth'], e['br_viewheight']]).toEqual(want);
  });

  test.each(['1920x', 'x1080', '1920*1080', '-1x5', '99999999999x1', '2147483648x1', '1x2147483648', '1x2x3', '1xx2', 'x', '1 x2', '12345678901234567x1'])('res=%s is a bad row naming res', async (res) => {
    const { bad } = await parseLog(logFile([logLine({ query: pageViewQuery({ res }) })]));
    expect(bad[0]?.errors.map((e) => e.field)).toEqual(['res']);
  });
});

describe('dates and timestamps', () => {
  test('lines of one file on other days each get their own date, and a bad date after a good one stays bad', async () => {
    // the parser keeps the last date it read and the last day it wrote: each must notice any change
    const at = ['2025-11-28 23:59:59', '2025-11-29 00:00:01', '2025-11-28 12:00:00', '2025-12-28 12:00:00', '2025-12-2x 12:00:00', '2025-12-31 01:02:03', '2025-02-29 00:00:00', '2024-02-29 00:00:00'];
    const dtm = String(Date.UTC(2013, 9, 7, 23, 35, 27, 100)); // another day inside each line
    const { events, bad } = await parseLog(logFile(at.map((a) => logLine({ at: a, query: pageViewQuery({ dtm }) }))));
    expect(events.map((e) => [e['collector_tstamp'], e['dvce_created_tstamp']])).toEqual(
      ['2025-11-28 23:59:59', '2025-11-29 00:00:01', '2025-11-28 12:00:00', '2025-12-28 12:00:00', '2025-12-31 01:02:03', '2024-02-29 00:00:00'].map((t) => [`${t}.000`, '2013-10-07 23:35:27.100']),
    );
    // line numbers count the file's two header lines
    expect(bad.map((b) => [b.lineNumber, b.errors.map((e) => e.field)])).toEqual([[7, ['date']], [9, ['date']]]);
  });
});

describe('device timestamps (dtm)', () => {
  const asTimestamp = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

  test('every length from 1 to 15 digits, leading zeros too, is read as its milliseconds', async () => {
    // 1–8 digits are read one by one, 9–15 eight at a time: each length, with each digit used
    const values = Array.from({ length: 15 }, (_, i) => '9876543210123456'.slice(0, i + 1).replace(/^9/, i === 14 ? '1' : '9'));
    values.push('000001764316800', '1764316800000', '99999999', '100000000', '253402300799999');
    const { events, bad } = await parseLog(logFile(values.map((dtm) => logLine({ query: pageViewQuery({ dtm }) }))));
    expect(bad).toEqual([]);
    expect(events.map((e) => e['dvce_created_tstamp'])).toEqual(values.map((v) => asTimestamp(Number(v))));
  });

  test('a fresh parser whose first line is on 1970-01-01 writes that day, and each side of its midnights', async () => {
    // the parser keeps the day it wrote last: before it wrote any, no timestamp is on it
    const lines: [string, string][] = [['1970-01-01 00:00:05', '0'], ['1970-01-01 23:59:59', '86399999'], ['1970-01-02 00:00:00', '86400000'], ['1970-01-01 00:00:00', '86399999']];
    const { events } = await parseLog(logFile(lines.map(([at, dtm]) => logLine({ at, query: pageViewQuery({ dtm }) }))));
    expect(events.map((e) => [e['collector_tstamp'], e['dvce_created_tstamp']])).toEqual(lines.map(([at, dtm]) => [`${at}.000`, asTimestamp(Number(dtm))]));
  });

  test('a non-digit anywhere, 16 digits, or past year 9999 is a bad row naming dtm', async () => {
    const values = Array.from({ length: 13 }, (_, i) => '1764316800000'.slice(0, i) + 'x' + '1764316800000'.slice(i + 1));
    values.push('1764316800000 ', '-1764316800', '1764316800000000', '253402300800000', '17643168.0000');
    const { events, bad } = await parseLog(logFile(values.map((dtm) => logLine({ query: pageViewQuery({ dtm }) }))));
    expect(events).toEqual([]);
    expect(bad.map((b) => b.errors.map((e) => e.field))).toEqual(values.map(() => ['dtm']));
  });
});

describe('the %25 collapse and one decode (reference §9)', () => {
  // The querystring as it stands in the log, given directly (not through the collector's escaping).
  const raw = async (query: string): Promise<string> => {
    const line = logLine({}).split('\t');
    line[11] = query;
    const { events } = await parseLog(line.join('\t'));
    return events[0]!['page_title']!;
  };

  test('a doubled escape decodes once: Celestial%2520Tarot', async () => {
    expect(await raw('e=pv&page=Celestial%2520Tarot')).toBe('Celestial Tarot');
  });
  test('%25 not followed by two hex digits is a literal percent sign', async () => {
    expect(await raw('e=pv&page=Loading%20-%2070%25%20Complete')).toBe('Loading - 70% Complete');
  });
  test('%2525 collapses to %25, which decodes to %', async () => {
    expect(await raw('e=pv&page=loading%2030%2525%20complete')).toBe('loading 30% complete');
  });
  test('a singly-encoded value (Aug–Sep 2013, or UAs after 2019) decodes the same', async () => {
    expect(await raw('e=pv&page=Celestial%20Tarot')).toBe('Celestial Tarot');
  });
  test('an invalid escape stays literal and an invalid UTF-8 byte becomes U+FFFD', async () => {
    expect(await raw('e=pv&page=100%zz%FFend%')).toBe('100%zz\uFFFDend%');
  });
});

describe('short escaped values (kept decoded by their raw bytes: wasm/assembly/decodememo.ts)', () => {
  // the same raw bytes in a form-decoded parameter, a URL and the User-Agent (where `+` is literal)
  const rawLine = (value: string): string => {
    const line = logLine({}).split('\t');
    line[10] = value;
    line[11] = `e=pv&tz=${value}&page=${value}&url=${value}&se_ca=${value}`;
    return line.join('\t');
  };
  const columns = (e: Record<string, string>): string[] => [e['os_timezone']!, e['page_title']!, e['page_url']!, e['se_category']!, e['useragent']!];
  const values = [
    'Europe%252FLondon', 'a+b%2520c', 'x%20y', 'a%2Bb', '%2525', 'http://a/b%20c', 'caf%C3%A9', 'tab%09x', 'nul%00x', '%2',
    // around the 16 and 24 bytes a kept value may have
    '12345678901%20', '123456789012%20', '1234567890123%20', '12345678901234567890%20', '123456789012345678901%20', '1234567890123456789012%20',
    // alike but in their last bytes, past the first 16
    '1234567890123456%20ab', '1234567890123456%20ac', '1234567890123456%20ab%21', '1234567890123456%20ab%22',
  ];

  test('decode as they do alone, repeated, and whichever way the same bytes were decoded before', async () => {
    const lines = [...values, ...values.slice().reverse(), ...values].map(rawLine);
    const { events, bad } = await parseLog(logFile(lines));
    expect(bad).toEqual([]);
    const alone = await Promise.all(lines.map(async (l) => columns((await parseLog(logFile([l]))).events[0]!)));
    expect(events.map(columns)).toEqual(alone);
    const plus = events[1]!;
    expect([plus['os_timezone'], plus['useragent']]).toEqual(['a b c', 'a+b c']);
    expect(events[0]!['os_timezone']).toBe('Europe/London');
  });

  test('values alike in their first 16 bytes keep their own decodings, however many share a place', async () => {
    // 300 values of one length differing only past byte 16, read twice: more than the 256 places
    const tails = Array.from({ length: 300 }, (_, i) => String.fromCharCode(97 + (i % 26), 97 + Math.floor(i / 26)));
    const lines = [...tails, ...tails].map((t) => rawLine(`1234567890123456%20${t}`));
    const { events } = await parseLog(logFile(lines));
    expect(events.map((e) => e['os_timezone'])).toEqual([...tails, ...tails].map((t) => `1234567890123456 ${t}`));
  });
});

describe('files, chunks and hostile input', () => {
  const corpus = logFile([
    logLine({}),
    logLine({ path: '/favicon.ico', query: '-' }),
    logLine({ method: 'POST' }),
    logLine({ query: pageViewQuery({ eid: 'not-a-uuid', vid: 'x' }) }),
    logLine({ at: '2025-11-29 00:00:01', query: pageViewQuery({ eid: '3c6b5e0a-3c47-4a8e-9c4f-0b1e2d3c4b5a' }) }),
  ]);

  test('every line is counted once: lines = good + bad + discarded', async () => {
    const { counts, bad } = await parseLog(corpus);
    expect(counts).toEqual({ lines: 7, good: 2, bad: 2, discarded: 3, fragments: 0 }); // 2 headers + favicon discarded
    expect(bad.map((b) => b.errors.map((e) => e.field))).toEqual([['cs-method'], ['eid', 'vid']]);
    expect(bad.map((b) => b.lineNumber)).toEqual([5, 6]);
  });

  test('a last line without LF reads nothing past its end, whatever the input buffer held before', async () => {
    // the line splitter reads 64 bytes a step: past the line's end lie the last file's TABs and
    // LFs, which must not end or add fields. Twelve fields (no header: read by position), so the
    // last is the querystring; 64 lengths, so the line's end falls at every place of a step.
    const noise = `${'abcdefg\t'.repeat(8)}abcdefg\n`.repeat(200); // bad rows, and TABs and LFs between letters left in the buffer
    const { parser } = await parseLog(noise);
    for (let pad = 0; pad < 64; pad++) {
      const line = logLine({ query: pageViewQuery({ page: `T${'x'.repeat(pad)}` }) }).split('\t').slice(0, 12).join('\t');
      await parseLog(noise, { parser });
      const reused = await parseLog(line, { parser });
      const fresh = await parseLog(line);
      expect([reused.counts, reused.events, reused.bad]).toEqual([fresh.counts, fresh.events, fresh.bad]);
      expect(fresh.events[0]?.['page_title']).toBe(`T${'x'.repeat(pad)}`);
    }
  });

  test('rows are handed over every 256 KiB, however large the events buffer, none lost', async () => {
    // batches this small are written over memory still in the core's cache (wasm/assembly/output.ts)
    const lines = Array.from({ length: 1500 }, (_, i) => logLine({ query: pageViewQuery({ page: `Page ${i} ${'x'.repeat(i % 700)}` }) }));
    const input = new TextEncoder().encode(logFile(lines));
    const parser = await loadParser({ eventsBytes: 64 << 20 });
    const batches: number[] = [];
    let rows = 0;
    const sink = ({ events, index }: { events: Uint8Array; index: Uint32Array }): void => {
      if (events.length > 0) batches.push(events.length);
      rows += index.length / INDEX_WORDS;
    };
    parser.beginFile('batches.log');
    parser.push(input, sink);
    expect(parser.end(sink).good).toBe(1500);
    expect(rows).toBe(1500);
    const total = batches.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1 << 20);
    // each batch stops at the first row that reaches 256 KiB: less than a row (here < 4 KiB) more
    expect(Math.max(...batches)).toBeLessThan((256 << 10) + 4096);
    expect(Math.min(...batches.slice(0, -1))).toBeGreaterThanOrEqual(256 << 10);
  });

  test.each([1, 2, 3, 7, 64, 1000])('the output is the same when the input arrives in %i-byte chunks', async (chunkSize) => {
    const whole = await parseLog(corpus);
    const chunked = await parseLog(corpus, { chunkSize });
    expect(chunked.eventsText).toBe(whole.eventsText);
    expect(chunked.bad).toEqual(whole.bad);
    expect(chunked.counts).toEqual(whole.counts);
  });

  test('the index gives each row its collector date and event id position', async () => {
    const { index, eventsText } = await parseLog(corpus);
    expect(index.map((r) => r[2])).toEqual([20251128, 20251129]);
    for (const [offset, length, , eventId] of index) {
      const row = eventsText.slice(offset, offset! + length!);
      expect(row.endsWith('\n')).toBe(true);
      expect(row.split('\t')[6]).toBe(row.slice(eventId, eventId! + 36));
    }
  });

  test('a #Fields header maps columns by name, whatever their order', async () => {
    const line = logLine({}).trimEnd().split('\t');
    const header = '#Fields: ' + 'date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query'.split(' ').reverse().join(' ') + '\n';
    const reordered = line.slice(0, 12).reverse().join('\t') + '\n';
    const { events, counts } = await parseLog(header + reordered);
    expect(counts.good).toBe(1);
    expect(events[0]).toMatchObject({ collector_tstamp: '2025-11-28 08:00:00.000', page_title: 'Home page', user_ipaddress: '192.0.2.10' });
  });

  test('CRLF line ends and a last line without LF are read', async () => {
    const { counts } = await parseLog(logLine({}).replace('\n', '\r\n') + logLine({}).trimEnd());
    expect(counts).toEqual({ lines: 2, good: 2, bad: 0, discarded: 0, fragments: 0 });
  });

  test('a line over the 128 KiB limit is one bad row quoting its start, and the next line is read', async () => {
    const huge = logLine({ query: pageViewQuery({ page: 'x'.repeat(200_000) }) });
    const { counts, bad } = await parseLog(huge + logLine({}), { chunkSize: 65_536 });
    expect(counts).toEqual({ lines: 2, good: 1, bad: 1, discarded: 0, fragments: 0 });
    expect(bad[0]!.errors[0]!.message).toMatch(/longer than the 131072-byte limit/);
    expect(bad[0]!.line.length).toBeLessThan(1100);
  });

  // The parser finds a line's end in the same pass that splits its fields, looking no further than
  // the limit, a CR and the LF: lines exactly at the limit must still be read, one byte more not.
  test.each([
    { extra: 0, end: '\n', good: true },
    { extra: 0, end: '\r\n', good: true },
    { extra: 0, end: '', good: true },
    { extra: 0, end: '\r', good: true },
    { extra: 1, end: '\n', good: false },
    { extra: 1, end: '\r\n', good: false },
    { extra: 1, end: '', good: false },
    { extra: 2, end: '\r\n', good: false },
  ])('a line of 131072 + $extra bytes ending $end is read as good: $good, and the lines around it are read', async ({ extra, end, good }) => {
    const limit = 131_072;
    const base = logLine({ query: pageViewQuery({ page: '' }) }).trimEnd();
    const line = base.replace('&page=&', `&page=${'x'.repeat(limit + extra - base.length)}&`);
    expect(line.length).toBe(limit + extra);
    for (const chunkSize of [limit, 65_536, 4093, undefined]) {
      const last = !end.endsWith('\n'); // without its LF, the line is the file's last
      const text = logLine({}) + line + end + (last ? '' : logLine({}));
      const { counts, events, bad } = await parseLog(text, chunkSize === undefined ? {} : { chunkSize });
      const lines = last ? 2 : 3;
      expect(counts, `chunks of ${chunkSize}`).toEqual({ lines, good: lines - (good ? 0 : 1), bad: good ? 0 : 1, discarded: 0, fragments: 0 });
      if (good) expect(events[1]!['page_title']).toBe('x'.repeat(limit + extra - base.length));
      else expect(bad[0]!.errors[0]!.message).toMatch(/longer than the 131072-byte limit/);
    }
  });

  test('an event without eid gets the same derived id on every run, and a different one on another line', async () => {
    const query = pageViewQuery().replace(/eid=[^&]+&/, '');
    const text = logFile([logLine({ query }), logLine({ query })]);
    const first = await parseLog(text, { source: 'a.gz' });
    const again = await parseLog(text, { source: 'a.gz' });
    const ids = first.events.map((e) => e['event_id']);
    expect(ids).toEqual(again.events.map((e) => e['event_id']));
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('random bytes never trap: every line ends good, bad or discarded', async () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const bytes = new Uint8Array(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = random() < 0.05 ? 0x0a : random() < 0.1 ? 0x09 : Math.floor(random() * 256);
    const { counts } = await parseLog(bytes, { chunkSize: 4096 });
    expect(counts.lines).toBe(counts.good + counts.bad + counts.discarded + counts.fragments);
    expect(counts.lines).toBeGreaterThan(5000);
  });
});

describe('UUID parameters', () => {
  test('exactly 8-4-4-4-12 hex digits, any case, are kept lower-cased; anything else is a bad row', async () => {
    // mutations of one UUID at every position (dashes moved, letters past F, case, spaces, `%`)
    const base = '0A1b2C3d-4E5f-6A7b-8C9d-0E1f2A3b4C5d';
    const swaps = ['-', 'F', 'f', 'G', 'g', '0', '9', ' ', '@', '`', '/', ':', '%'];
    const ids = [base, base.toLowerCase(), base.toUpperCase(), base.slice(1), `${base}0`];
    for (let i = 0; i < base.length; i++) for (const c of swaps) ids.push(base.slice(0, i) + c + base.slice(i + 1));
    const { events, bad } = await parseLog(logFile(ids.map((eid) => logLine({ query: pageViewQuery({ eid }) }))));
    const valid = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
    expect(events.map((e) => e['event_id'])).toEqual(valid.map((id) => id.toLowerCase()));
    expect(bad.map((b) => b.errors.map((e) => e.field))).toEqual(ids.filter((id) => !valid.includes(id)).map(() => ['eid']));
    expect(valid.length).toBeGreaterThan(100);
  });
});

describe('base64 parameters (cx, ue_px)', () => {
  // values of every length from 0 to 60 bytes ('~?>' encodes to `+`/`/` and `-`/`_`): their
  // encodings cover whole 16-character blocks, every tail length, padded or not
  const texts = Array.from({ length: 61 }, (_, i) => JSON.stringify({ k: '~?>'.repeat(20).slice(0, i) }));
  const contexts = (text: string) => JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: 'iglu:a/b/jsonschema/1-0-0', data: JSON.parse(text) }] });

  test('decode in either alphabet, padded or not, to the JSON sent', async () => {
    const sent = texts.flatMap((t) => {
      const json = contexts(t);
      const std = Buffer.from(json).toString('base64');
      return [json, json, json].map((j, k) => [j, k === 0 ? std : k === 1 ? std.replace(/=+$/, '') : Buffer.from(j).toString('base64url')] as const);
    });
    const { events, bad } = await parseLog(logFile(sent.map(([, cx]) => logLine({ query: pageViewQuery({ cx }) }))));
    expect(bad).toEqual([]);
    expect(events.map((e) => e['contexts'])).toEqual(sent.map(([json]) => json));
  });

  test('a character outside both alphabets anywhere is a bad row for that parameter', async () => {
    const cx = Buffer.from(contexts('{"a":1}')).toString('base64url');
    const lines = Array.from(cx, (_, i) => logLine({ query: pageViewQuery({ cx: `${cx.slice(0, i)}*${cx.slice(i + 1)}` }) }));
    const { events, bad } = await parseLog(logFile(lines));
    expect(events).toEqual([]);
    expect(bad.map((b) => b.errors.map((e) => e.field))).toEqual(lines.map(() => ['cx']));
  });
});
