/**
 * The real-world corpus (../shared/fixtures/real-world/cases.jsonl): 55 CloudFront lines from
 * Snowplow's test suites and the AWS docs, each good (with expected columns), bad or discarded.
 */
import { describe, expect, test } from 'vitest';
import { cases, checkCase, enrichmentsFor, kindOf, sourceOf } from '../support/fixtures.ts';
import { parseLog } from '../support/parse.ts';

describe('real-world CloudFront lines', () => {
  test('the corpus has every kind and era the parser must handle', () => {
    expect(cases).toHaveLength(55);
    expect(new Set(cases.filter((c) => kindOf(c) === 'good').map((c) => c.era_fields))).toEqual(new Set([12, 15, 18, 19, 23, 24, 26]));
  });

  test.each(cases.map((c) => [c.id, c] as const))('%s is classified and its columns match', async (_id, c) => {
    checkCase(c, await parseLog(c.line + '\n', { source: sourceOf(c), enrichments: enrichmentsFor(c.id) }));
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
