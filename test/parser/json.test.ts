/**
 * JSON validation by difference (wasm/assembly/jsonshape.ts): a text that differs from the last
 * valid one of its column is accepted without a parse only when the difference cannot change a
 * token. Every one-byte change of a reference text must end exactly as a full parse ends it.
 */
import { describe, expect, test } from 'vitest';
import { logFile, logLine, pageViewQuery } from '../support/loglines.ts';
import { parseLog } from '../support/parse.ts';

/** Strings with escapes (`\"`, `\u00e9`, `\\`), numbers, literals, nesting and spaces. */
const REFERENCE =
  '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[{"schema":"iglu:com.acme/page/jsonschema/1-0-0",' +
  '"data":{"id":"a1b2c3d4","q":"say \\"hi\\" \\u00e9 \\\\ end","n":-12.5e3,"ok":true,"x":null,"list":[1, 2 ,{}]}}]}';
/** Valid, of another length: after it, the next text is always parsed. */
const OTHER = '{"data":[]}';
/** Bytes each position is changed to: structure, string delimiters, escapes, a control, plain text. */
const REPLACEMENTS = [' ', '"', '\\', 'a', '0', '}', ']', '{', '[', ',', ':', '\u0001', 'u', '-', 'e', '.', '/'];

function mutants(): string[] {
  const out: string[] = [];
  for (let i = 0; i < REFERENCE.length; i++) {
    for (const c of REPLACEMENTS) if (c !== REFERENCE[i]) out.push(REFERENCE.slice(0, i) + c + REFERENCE.slice(i + 1));
  }
  return out;
}

const base64url = (text: string): string => Buffer.from(text).toString('base64url');

describe('JSON validation by difference from the last valid text', () => {
  expect(JSON.parse(REFERENCE)).toBeTruthy();
  const texts = mutants();

  test.each([
    { column: 'contexts', param: 'cx' },
    { column: 'unstruct_event', param: 'ue_px' },
  ])('each one-byte change of a $column text ends as a full parse ends it', async ({ column, param }) => {
    const line = (json: string, title: string): string => logLine({ query: pageViewQuery({ page: title, [param]: base64url(json) }) });
    // after the reference (or a valid text of its length) the difference is checked; after OTHER, never
    const checked = await parseLog(logFile(texts.flatMap((t, k) => [line(REFERENCE, 'reference'), line(t, `${k}`)])));
    const parsed = await parseLog(logFile(texts.flatMap((t, k) => [line(OTHER, 'other'), line(t, `${k}`)])));
    expect(checked.counts).toEqual(parsed.counts);
    /** Per mutant: its column's value, or `bad`. */
    const outcome = (p: typeof checked): string[] => {
      const values = texts.map(() => 'bad');
      for (const e of p.events) if (/^\d+$/.test(e['page_title']!)) values[Number(e['page_title'])] = e[column]!;
      return values;
    };
    const expected = outcome(parsed);
    expect(outcome(checked)).toEqual(expected);
    // the mutants cover both outcomes, and texts valid by a change inside a string
    expect(expected.filter((o) => o === 'bad').length).toBeGreaterThan(1000);
    expect(expected.filter((o) => o !== 'bad').length).toBeGreaterThan(500);
  });
});
