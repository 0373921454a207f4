/**
 * The real-world corpus (../shared/fixtures/real-world/cases.jsonl): 55 CloudFront lines from
 * Snowplow's test suites and the AWS docs, each good (with expected columns), bad or discarded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../node/paths.ts';
import type { EnrichmentConfig } from '../../wasm/binding/parser.ts';
import { parseLog } from '../support/parse.ts';

interface Case {
  readonly id: string;
  readonly era_fields: number | null;
  readonly line: string;
  readonly expect: Readonly<Record<string, string | null | boolean>>;
}

const cases: Case[] = readFileSync(join(packageRoot, '../shared/fixtures/real-world/cases.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Case);

/**
 * The enrichment settings the original tests ran with (fixtures README, "Configuration the
 * expectations assume"): x-forwarded-for trusted, as the classic loader did; MD5 fingerprints;
 * campaign aliases in three cases; one internal domain in one case.
 */
const CUSTOM_CAMPAIGN = new Set(['sp2013-campaign-attribution-custom', 'sp2013-sid-stm-crossdomain-ua-override', 'sp2013-derived-tstamp']);
function enrichmentsFor(id: string): EnrichmentConfig {
  return {
    ip: { useForwardedFor: true },
    fingerprint: { algorithm: 'md5' },
    ...(CUSTOM_CAMPAIGN.has(id) && {
      campaign: {
        fields: {
          medium: ['utm_medium', 'medium'],
          source: ['utm_source', 'source'],
          term: ['utm_term', 'legacy_term'],
          content: ['utm_content'],
          campaign: ['utm_campaign', 'cid', 'legacy_campaign'],
        },
      },
    }),
    ...(id === 'sp2014-referer-internal-domain' && { referer: { internalDomains: ['www.subdomain1.snowplowanalytics.com'] } }),
  };
}

const kindOf = (c: Case): 'good' | 'bad' | 'discard' => (c.expect['bad'] ? 'bad' : c.expect['discard'] ? 'discard' : 'good');

describe('real-world CloudFront lines', () => {
  test('the corpus has every kind and era the parser must handle', () => {
    expect(cases).toHaveLength(55);
    expect(new Set(cases.filter((c) => kindOf(c) === 'good').map((c) => c.era_fields))).toEqual(new Set([12, 15, 18, 19, 23, 24, 26]));
  });

  test.each(cases.map((c) => [c.id, c] as const))('%s is classified and its columns match', async (_id, c) => {
    const { events, bad, counts } = await parseLog(c.line + '\n', { source: `fixtures/${c.id}.log`, enrichments: enrichmentsFor(c.id) });
    expect(counts.lines).toBe(1);
    expect(counts.good + counts.bad + counts.discarded + counts.fragments).toBe(counts.lines);
    const kind = kindOf(c);
    expect({ good: counts.good, bad: counts.bad, discarded: counts.discarded }).toEqual({
      good: kind === 'good' ? 1 : 0,
      bad: kind === 'bad' ? 1 : 0,
      discarded: kind === 'discard' ? 1 : 0,
    });
    if (kind === 'bad') {
      expect(bad[0]!.line).toBe(c.line);
      expect(bad[0]!.source).toBe(`fixtures/${c.id}.log`);
      expect(bad[0]!.errors.length).toBeGreaterThan(0);
    }
    if (kind !== 'good') return;
    const event = events[0]!;
    const expected = Object.fromEntries(Object.entries(c.expect).map(([k, v]) => [k, v ?? '']));
    const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, event[k]]));
    expect(actual).toEqual(expected);
  });
});

describe('bad rows carry every reason', () => {
  const errorsOf = async (id: string) => {
    const c = cases.find((x) => x.id === id)!;
    const { bad } = await parseLog(c.line + '\n', { enrichments: enrichmentsFor(id) });
    return bad[0]!.errors.map((e) => [e.field, e.value]);
  };

  test('an unknown event code and a non-integer vid are both reported', async () => {
    expect(await errorsOf('bad-event-code-and-vid')).toEqual([['e', 'lol'], ['vid', 'a']]);
  });

  test('an unknown event code, non-JSON ue_px and a bad vid are all reported', async () => {
    expect(await errorsOf('bad-invalid-ue_px')).toEqual([['e', 'lol'], ['ue_px', 'am9obitzbWl0aA'], ['vid', 'a']]);
  });

  test('a corrupted date and an empty querystring are both reported', async () => {
    expect(await errorsOf('bad-corrupted-date-empty-query')).toEqual([['date', '20yy-05-24'], ['cs-uri-query', '-']]);
  });

  test('a POST names the method', async () => {
    expect(await errorsOf('bad-post-method')).toEqual([['cs-method', 'POST']]);
  });

  test('an unsupported platform names the value', async () => {
    expect(await errorsOf('bad-platform-mobile')).toEqual([['p', 'mobile']]);
  });
});
