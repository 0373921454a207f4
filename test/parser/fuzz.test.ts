/**
 * Robustness: 100,000 random and mutated real lines (truncations, bit flips, inserted bytes,
 * huge fields, invalid UTF-8, lone `%`, garbage querystrings, broken extension data). The parser
 * must never trap or hang, every line must be counted exactly once, every row must have 131
 * columns, and every byte it writes must be valid UTF-8. Mutated lines repeated must give the
 * same result each time, so the memos (wasm/assembly/memo.ts) replay exactly what the work gave.
 * Seeded, so a failure reproduces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { packageRoot } from '../../node/paths.ts';
import { logFile, logLine, pageViewQuery } from '../support/loglines.ts';
import { loadParser } from '../../wasm/binding/node.ts';
import type { LogParser } from '../../wasm/binding/parser.ts';
import { parseLog, withoutEventId } from '../support/parse.ts';

const seeds: string[] = [
  ...readFileSync(join(packageRoot, '../shared/fixtures/real-world/cases.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { line: string }).line),
  logLine({}).trimEnd(),
  logLine({ query: pageViewQuery({ e: 'ue', ue_px: Buffer.from('{"schema":"iglu:a/b/jsonschema/1-0-0","data":{"schema":"iglu:c/d/jsonschema/1-0-0","data":{}}}').toString('base64url') }) }).trimEnd(),
  logLine({ query: `eid=7f9a3b2c-1d4e-4f5a-8b6c-9d0e1f2a3b4c&fx_e=z&fx_d=${deflateRawSync(Buffer.from(pageViewQuery())).toString('base64url')}` }).trimEnd(),
  logLine({ query: 'eid=7f9a3b2c-1d4e-4f5a-8b6c-9d0e1f2a3b4c&fx_e=z&fx_i=1&fx_n=2&fx_d=AAAA' }).trimEnd(),
];

const encoder = new TextEncoder();
const byte = fc.integer({ min: 0, max: 255 });
/** Bytes that matter to the parser, more often than chance would pick them. */
const interesting = fc.constantFrom(0x09, 0x25, 0x26, 0x3d, 0x2b, 0x0d, 0x00, 0x7f, 0x80, 0xc3, 0xe2, 0xf0, 0xff, 0x2d, 0x23);

/** One line, no LF inside (so the number of lines in a file is known). */
const mutatedLine: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 7 }), fc.oneof(byte, interesting), fc.nat({ max: 6 })), { maxLength: 8 }))
  .map(([seed, edits]) => {
    let bytes = Array.from(encoder.encode(seed));
    for (const [at, bit, value, kind] of edits) {
      const i = bytes.length === 0 ? 0 : at % bytes.length;
      if (kind === 0) bytes = bytes.slice(0, i); // truncate
      else if (kind === 1 && bytes.length > 0) bytes[i] = bytes[i]! ^ (1 << bit); // flip a bit
      else if (kind === 2) bytes.splice(i, 0, value); // insert a byte
      else if (kind === 3) bytes = bytes.slice(0, i).concat(Array<number>((value & 7) * 997).fill(0x25 + (value & 1)), bytes.slice(i)); // a long run of % or &
      else if (kind === 4) bytes.splice(i, 0, 0x25); // a lone %
      else if (kind === 5) bytes.splice(i, 1); // delete a byte
      else bytes.splice(i, 0, 0x09, 0x09); // empty fields
    }
    return Uint8Array.from(bytes.filter((b) => b !== 0x0a));
  });
const randomLine = fc.uint8Array({ maxLength: 400 }).map((b) => b.filter((x) => x !== 0x0a));
const hugeLine = fc.tuple(fc.constantFrom(...seeds), fc.integer({ min: 120_000, max: 140_000 })).map(([s, n]) => encoder.encode(s + 'x'.repeat(n))); // around the 131072-byte limit

/** Joins lines into one log file. */
function file(lines: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(lines.reduce((n, l) => n + l.length + 1, 0));
  let at = 0;
  for (const l of lines) {
    out.set(l, at);
    out[at + l.length] = 0x0a;
    at += l.length + 1;
  }
  return out;
}

let parser: LogParser | undefined;

/** Whether one file parses with every guarantee kept (parse.ts itself checks UTF-8 and 131 columns). */
async function sound(lines: readonly Uint8Array[], chunkSize: number): Promise<string | null> {
  try {
    parser ??= await loadParser();
    const { counts, events } = await parseLog(file(lines), { chunkSize, parser });
    if (counts.lines !== lines.length) return `counted ${counts.lines} lines of ${lines.length}`;
    if (counts.good + counts.bad + counts.discarded + counts.fragments !== counts.lines) return `counts do not add up: ${JSON.stringify(counts)}`;
    if (events.length !== counts.good) return `${events.length} rows for ${counts.good} good lines`;
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

test('100,000 random and mutated lines: no trap, every line counted once, valid output', { timeout: 300_000 }, async () => {
  let total = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof({ weight: 160, arbitrary: mutatedLine }, { weight: 40, arbitrary: randomLine }, { weight: 1, arbitrary: hugeLine }), { minLength: 1000, maxLength: 1000 }), fc.nat({ max: 4096 }), async (lines, chunk) => {
      const problem = await sound(lines, chunk + 1);
      if (problem !== null) {
        // name the first line that fails on its own, as hex, so the failure can be replayed
        for (const line of lines) {
          const own = await sound([line], chunk + 1);
          if (own !== null) throw new Error(`${own}\nfailing line (hex): ${Buffer.from(line).toString('hex').slice(0, 4000)}`);
        }
        throw new Error(problem);
      }
      total += lines.length;
    }),
    { seed: 20261128, numRuns: 100, endOnFailure: true },
  );
  expect(total).toBeGreaterThanOrEqual(100_000);
});

test('mutated lines, each three times in a row, give the same result each time (the memos replay what the work gave)', { timeout: 120_000 }, async () => {
  // a memoized input is computed on its first sighting, stored on its second and replayed on its third
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof({ weight: 4, arbitrary: mutatedLine }, { weight: 1, arbitrary: randomLine }), { minLength: 300, maxLength: 300 }), async (distinct) => {
      parser ??= await loadParser();
      const lines = distinct.flatMap((l) => [l, l, l]);
      const { events, bad } = await parseLog(file(lines), { parser });
      expect(events.length % 3).toBe(0);
      for (let i = 0; i < events.length; i += 3) {
        expect(withoutEventId(events[i + 1]!)).toEqual(withoutEventId(events[i]!));
        expect(withoutEventId(events[i + 2]!)).toEqual(withoutEventId(events[i]!));
      }
      const errorsOf = new Map(bad.map((b) => [b.lineNumber, JSON.stringify(b.errors)]));
      for (const [n, errors] of errorsOf) {
        const first = n - ((n - 1) % 3);
        expect([errorsOf.get(first), errorsOf.get(first + 1), errorsOf.get(first + 2)], `line ${n}`).toEqual([errors, errors, errors]);
      }
    }),
    { seed: 20261128, numRuns: 20, endOnFailure: true },
  );
});
