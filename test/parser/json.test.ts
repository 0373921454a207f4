/**
 * JSON validation by difference (wasm/assembly/jsonshape.ts): a text that differs from its
 * column's reference is accepted without a parse, and base64 that differs from the reference's
 * is decoded only where it differs, only when the difference cannot change a token. Every
 * one-byte change of a reference text, and every one-character change of its base64, must end
 * exactly as a full decode and parse ends it.
 */
import { describe, expect, test } from 'vitest';
import { logFile, logLine, pageViewQuery } from '../support/loglines.ts';
import { parseLog, type Parsed } from '../support/parse.ts';

/** Strings with escapes (`\"`, `\u00e9`, `\\`), numbers, literals, nesting and spaces. */
const REFERENCE =
  '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[{"schema":"iglu:com.acme/page/jsonschema/1-0-0",' +
  '"data":{"id":"a1b2c3d4","q":"say \\"hi\\" \\u00e9 \\\\ end","n":-12.5e3,"ok":true,"x":null,"list":[1, 2 ,{}]}}]}';
/** Valid, of another length: after it, the next text is always decoded and parsed. */
const OTHER = '{"data":[]}';

/** Every text with one character of `text` replaced by each of `replacements`. */
function mutants(text: string, replacements: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    for (const c of replacements) if (c !== text[i]) out.push(text.slice(0, i) + c + text.slice(i + 1));
  }
  return out;
}

/**
 * Each of `values` (a `param` value as sent) parsed right after `reference` in one file and right
 * after OTHER in another: the outcomes (the column's value, or `bad`) must be the same. Returns them.
 */
async function sameAsParsed(param: string, column: string, reference: string, values: readonly string[], encode: (json: string) => string): Promise<string[]> {
  const line = (value: string, title: string): string => logLine({ query: pageViewQuery({ page: title, [param]: value }) });
  // after the reference (or a valid text of its length) the difference is checked; after OTHER, never
  const checked = await parseLog(logFile(values.flatMap((v, k) => [line(reference, 'reference'), line(v, `${k}`)])));
  const parsed = await parseLog(logFile(values.flatMap((v, k) => [line(encode(OTHER), 'other'), line(v, `${k}`)])));
  expect(checked.counts).toEqual(parsed.counts);
  const outcome = (p: Parsed): string[] => {
    const out = values.map(() => 'bad');
    for (const e of p.events) if (/^\d+$/.test(e['page_title']!)) out[Number(e['page_title'])] = e[column]!;
    return out;
  };
  const expected = outcome(parsed);
  expect(outcome(checked)).toEqual(expected);
  return expected;
}

describe('JSON validation by difference from the column reference', () => {
  test('the reference is valid JSON', () => {
    expect(() => JSON.parse(REFERENCE)).not.toThrow();
  });

  test.each([
    { column: 'contexts', param: 'cx', encode: (json: string) => Buffer.from(json).toString('base64url') },
    { column: 'unstruct_event', param: 'ue_pr', encode: (json: string) => json },
  ])('each one-byte change of a $column text ($param) ends as a full parse ends it', async ({ column, param, encode }) => {
    const texts = mutants(REFERENCE, [' ', '"', '\\', 'a', '0', '}', ']', '{', '[', ',', ':', '\u0001', 'u', '-', 'e', '.', '/', 'é']);
    const outcomes = await sameAsParsed(param, column, encode(REFERENCE), texts.map(encode), encode);
    // both outcomes, and texts valid through a change inside a string
    expect(outcomes.filter((o) => o === 'bad').length).toBeGreaterThan(1000);
    expect(outcomes.filter((o) => o !== 'bad').length).toBeGreaterThan(500);
  });

  test.each([
    { column: 'contexts', param: 'cx', encode: (json: string) => Buffer.from(json).toString('base64url') },
    // `==` padding, and `+` and `/`
    { column: 'unstruct_event', param: 'ue_px', encode: (json: string) => Buffer.from(`${json} `).toString('base64') },
    // `=` padding: changed to a sextet, it adds a byte (`z` a `3`) after the text
    { column: 'unstruct_event', param: 'ue_px', encode: (json: string) => Buffer.from(`${json}  `).toString('base64') },
  ])("each one-character change of a $column text's base64 ($param) ends as a full decode and parse ends it", async ({ column, param, encode }) => {
    const base64 = encode(REFERENCE);
    // other sextets, both alphabets' last two, padding, a space (a `+` sent unescaped), not base64
    const values = mutants(base64, ['A', 'z', '0', '9', '-', '_', '+', '/', '=', ' ', '!', '.']);
    const outcomes = await sameAsParsed(param, column, base64, values, encode);
    expect(outcomes.filter((o) => o === 'bad').length).toBeGreaterThan(1000);
    expect(outcomes.filter((o) => o !== 'bad').length).toBeGreaterThan(500);
    // some changes decode to bytes the column must clean (not ASCII): those are the full path's too
    expect(outcomes.some((o) => o !== 'bad' && o.includes('\uFFFD'))).toBe(true);
  });
});
