/**
 * The real-world corpus (../shared/fixtures/real-world/cases.jsonl) and how a parse of one case
 * is judged: shared by the Node suite and the same suite run in Chromium.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { packageRoot } from '../../node/paths.ts';
import type { EnrichmentConfig, LineCounts } from '../../wasm/binding/parser.ts';
import type { BadRow } from './parse.ts';

export interface Case {
  readonly id: string;
  readonly era_fields: number | null;
  readonly line: string;
  readonly expect: Readonly<Record<string, string | null | boolean>>;
}

export const cases: readonly Case[] = readFileSync(join(packageRoot, '../shared/fixtures/real-world/cases.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Case);

/**
 * The enrichment settings the original tests ran with (fixtures README, "Configuration the
 * expectations assume"): x-forwarded-for trusted, as the classic loader did; MD5 fingerprints;
 * campaign aliases in three cases; one internal domain in one case.
 */
const CUSTOM_CAMPAIGN = new Set(['sp2013-campaign-attribution-custom', 'sp2013-sid-stm-crossdomain-ua-override', 'sp2013-derived-tstamp']);
export function enrichmentsFor(id: string): EnrichmentConfig {
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

export const kindOf = (c: Case): 'good' | 'bad' | 'discard' => (c.expect['bad'] ? 'bad' : c.expect['discard'] ? 'discard' : 'good');

export const sourceOf = (c: Case): string => `fixtures/${c.id}.log`;

/** Asserts a parse of `c.line` (as one file named sourceOf(c)) against the case's expectations. */
export function checkCase(c: Case, parsed: { readonly events: readonly Record<string, string>[]; readonly bad: readonly BadRow[]; readonly counts: LineCounts }): void {
  const { events, bad, counts } = parsed;
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
    expect(bad[0]!.source).toBe(sourceOf(c));
    expect(bad[0]!.errors.length).toBeGreaterThan(0);
  }
  if (kind !== 'good') return;
  const event = events[0]!;
  const expected = Object.fromEntries(Object.entries(c.expect).map(([k, v]) => [k, v ?? '']));
  const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, event[k]]));
  expect(actual).toEqual(expected);
}
