/**
 * One test per log era (12 … 33 fields and a future 35), per event type, and per escaping era:
 * the same hit must give the same event whatever the era of the file it is in.
 */
import { describe, expect, test } from 'vitest';
import { LOG_FIELDS } from '../../contract/index.ts';
import { logLine, pageViewQuery } from '../support/loglines.ts';
import { parseLog } from '../support/parse.ts';

const ERAS = [12, 15, 18, 19, 23, 24, 26, 33] as const;
const full = logLine({ query: pageViewQuery({ page: 'Era test' }) }).trimEnd().split('\t');
const COLUMNS_OF_THE_HIT = ['collector_tstamp', 'event', 'event_id', 'page_title', 'page_url', 'useragent', 'user_ipaddress', 'br_family'];

describe('log eras', () => {
  const reference = parseLog(full.join('\t') + '\n');

  test.each(ERAS)('a %i-field file with its #Fields header gives the same event', async (era) => {
    const text = `#Version: 1.0\n#Fields: ${LOG_FIELDS.slice(0, era).join(' ')}\n${full.slice(0, era).join('\t')}\n`;
    const { events, counts } = await parseLog(text);
    expect(counts).toMatchObject({ good: 1, discarded: 2 });
    const want = (await reference).events[0]!;
    for (const c of COLUMNS_OF_THE_HIT) expect(events[0]![c], c).toBe(want[c]);
  });

  test.each(ERAS)('a %i-field line without a header is read by position', async (era) => {
    const { events } = await parseLog(full.slice(0, era).join('\t') + '\n');
    expect(events[0]!['page_title']).toBe('Era test');
  });

  test('fields appended after the 33 known ones are ignored', async () => {
    const text = `#Fields: ${[...LOG_FIELDS, 'x-future-one', 'x-future-two'].join(' ')}\n${[...full, 'a', 'b'].join('\t')}\n`;
    expect((await parseLog(text)).events[0]!['page_title']).toBe('Era test');
  });

  test('a line shorter than its header has the fields it lacks empty, not those of the line before', async () => {
    // the querystring last of 33: a 12-field line after a whole one has none, so it is a bad row
    const order = [...LOG_FIELDS.filter((f) => f !== 'cs-uri-query'), 'cs-uri-query'];
    const whole = order.map((f) => full[(LOG_FIELDS as readonly string[]).indexOf(f)]!);
    const text = `#Fields: ${order.join(' ')}\n${whole.join('\t')}\n${whole.slice(0, 12).join('\t')}\n${whole.join('\t')}\n`;
    const { events, bad } = await parseLog(text);
    expect(events.map((e) => e['page_title'])).toEqual(['Era test', 'Era test']);
    expect(bad.map((b) => [b.lineNumber, b.errors.map((e) => e.field)])).toEqual([[3, ['cs-uri-query']]]);
  });

  test('a field the header puts beyond the 64th column is not read', async () => {
    // cs(User-Agent) named again at position 70: the later name counts, and the parser keeps 64 fields per line
    const pads = Array.from({ length: 70 - LOG_FIELDS.length }, (_, i) => `x-pad-${i}`);
    const text = `#Fields: ${[...LOG_FIELDS, ...pads, 'cs(User-Agent)'].join(' ')}\n${[...full, ...pads.map(() => '-'), 'Mozilla/5.0'].join('\t')}\n`;
    const { events, counts } = await parseLog(text);
    expect(counts).toMatchObject({ good: 1, discarded: 1 });
    expect([events[0]!['page_title'], events[0]!['useragent']]).toEqual(['Era test', '']);
  });
});

describe('event types', () => {
  const ue = Buffer.from(JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: 'iglu:com.acme/signup/jsonschema/2-1-0', data: { plan: 'free' } } })).toString('base64url');
  test.each([
    ['pv', {}, 'page_view', 'com.snowplowanalytics.snowplow/page_view'],
    ['pp', { pp_mix: '0', pp_max: '10', pp_miy: '5', pp_may: '900' }, 'page_ping', 'com.snowplowanalytics.snowplow/page_ping'],
    ['se', { se_ca: 'shop', se_ac: 'add', se_la: 'boots', se_pr: 'red', se_va: '1.5e2' }, 'struct', 'com.google.analytics/event'],
    ['ue', { ue_px: ue }, 'unstruct', 'com.acme/signup'],
    ['tr', { tr_id: 'o-1', tr_tt: '99.90', tr_tx: '19.98', tr_sh: '4', tr_cu: 'EUR' }, 'transaction', 'com.snowplowanalytics.snowplow/transaction'],
    ['ti', { ti_id: 'o-1', ti_sk: 'SKU', ti_nm: 'Boots', ti_pr: '49.95', ti_qu: '2' }, 'transaction_item', 'com.snowplowanalytics.snowplow/transaction_item'],
    ['ev', { ev_ca: 'legacy', ev_ac: 'click' }, 'struct', 'com.google.analytics/event'],
  ] as const)('e=%s is a %s event with its schema columns', async (e, fields, event, schema) => {
    const { events, bad } = await parseLog(logLine({ query: pageViewQuery({ e, ...fields }) }));
    expect(bad).toEqual([]);
    const row = events[0]!;
    expect(row['event']).toBe(event);
    expect(`${row['event_vendor']}/${row['event_name']}`).toBe(schema);
    if (e === 'se') expect([row['se_category'], row['se_action'], row['se_label'], row['se_property'], row['se_value']]).toEqual(['shop', 'add', 'boots', 'red', '150']);
    if (e === 'pp') expect([row['pp_xoffset_min'], row['pp_xoffset_max'], row['pp_yoffset_min'], row['pp_yoffset_max']]).toEqual(['0', '10', '5', '900']);
    if (e === 'tr') expect([row['tr_orderid'], row['tr_total'], row['tr_tax'], row['tr_shipping'], row['tr_currency']]).toEqual(['o-1', '99.90', '19.98', '4', 'EUR']);
    if (e === 'ti') expect([row['ti_orderid'], row['ti_sku'], row['ti_name'], row['ti_price'], row['ti_quantity']]).toEqual(['o-1', 'SKU', 'Boots', '49.95', '2']);
    if (e === 'ue') expect([row['event_version'], JSON.parse(row['unstruct_event']!).data.data.plan]).toEqual(['2-1-0', 'free']);
  });
});

describe('escaping eras (cloudfront-log-format.md §8)', () => {
  /** A line as CloudFront of an era wrote it: query, UA and referer given raw. */
  const raw = async (query: string, ua: string, referer: string) => {
    const line = logLine({}).split('\t');
    line[11] = query;
    line[10] = ua;
    line[9] = referer;
    const { events } = await parseLog(line.join('\t'));
    return events[0]!;
  };

  test('up to Aug 2013 and again from Sep 2013: the query doubly encoded, UA and referer too', async () => {
    const e = await raw('e=pv&page=Tarot%2520cards&url=http%253A%252F%252Fa.example%252Fp', 'Mozilla/5.0%2520(X11)', 'http://a.example/p%2520q');
    expect([e['page_title'], e['page_url'], e['useragent']]).toEqual(['Tarot cards', 'http://a.example/p', 'Mozilla/5.0 (X11)']);
  });

  test('17 Aug – 5 Sep 2013: single and double encoding mixed in one file', async () => {
    const e = await raw('e=pv&page=Tarot%20cards&url=http%3A%2F%2Fa.example%2Fp', 'Mozilla/5.0%20(X11)', '-');
    expect([e['page_title'], e['page_url'], e['useragent']]).toEqual(['Tarot cards', 'http://a.example/p', 'Mozilla/5.0 (X11)']);
  });

  test('2020 onwards: UA and referer singly encoded, the query still doubled', async () => {
    const e = await raw('e=pv&page=Tarot%2520cards', 'Mastodon/4.5.2+glitch%20(x)', '-');
    expect([e['page_title'], e['useragent']]).toEqual(['Tarot cards', 'Mastodon/4.5.2+glitch (x)']);
  });

  test('a referer that ends in a lone % loses it (snowplow/snowplow#494)', async () => {
    const e = await raw('e=pv', 'x', 'http://bbc.co.uk%');
    expect(e['page_url']).toBe('http://bbc.co.uk');
  });
});
