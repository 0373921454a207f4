/**
 * A/B of parser builds: `npx tsx bench/ab.ts a.wasm b.wasm …` (see --help).
 *
 * One compilation of a build is lucky or not by up to ±3 % (bench/compile.ts), and a second,
 * byte-identical copy as a "control" shares its code and proves nothing. So each build is compiled
 * apart `--copies` times; the copies of all builds take turns for `--rounds` rounds, and a build's
 * speed is the mean of its copies' best runs. Ten copies put the mean within about ±1 %.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { LogParser } from '../wasm/binding/parser.ts';
import { compileApart } from './compile.ts';
import { BENCH_LOGS, parseBenchLog, wholeNumberOption } from './parser.ts';

const HELP = `Usage: npx tsx bench/ab.ts [options] <a.wasm> <b.wasm> ...

Parses one generated log with each build, compiled several times apart, and prints each
build's mean lines/s and its ratio to the first build's.

Options:
  --log <name>     bench (default), mixed or distinct (bench/parser.ts)
  --lines <n>      lines in the log (default 20000)
  --copies <n>     compilations of each build (default 10)
  --rounds <n>     runs of each copy, in turns with the others (default 6)
  -h, --help       this text`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      log: { type: 'string', default: 'bench' },
      lines: { type: 'string', default: '20000' },
      copies: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '6' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(HELP);
    return;
  }
  const make = BENCH_LOGS[values.log];
  if (!make) throw new Error(`--log ${values.log}: expected one of ${Object.keys(BENCH_LOGS).join(', ')}`);
  const lines = wholeNumberOption('lines', values.lines);
  const copies = wholeNumberOption('copies', values.copies);
  const rounds = wholeNumberOption('rounds', values.rounds);
  const log = Buffer.from(make(lines).join(''));
  const builds = positionals.map((file) => readFileSync(file));
  const parsers: { build: number; parser: LogParser; best: number }[] = [];
  for (let k = 0; k < copies; k++) {
    for (const [build, bytes] of builds.entries()) {
      const parser = await LogParser.create(await compileApart(bytes, k * builds.length + build), {});
      parsers.push({ build, parser, best: Infinity });
    }
  }
  for (let r = 0; r < rounds; r++) {
    // alternate the order, so that no copy always runs right after the same other one
    for (const p of r % 2 ? [...parsers].reverse() : parsers) {
      const start = performance.now();
      const counts = parseBenchLog(p.parser, log, () => {});
      p.best = Math.min(p.best, performance.now() - start);
      if (counts.lines !== lines) throw new Error(`${positionals[p.build]}: ${counts.lines} lines counted of ${lines}`);
    }
  }
  const rates = builds.map((_, b) => parsers.filter((p) => p.build === b).map((p) => (lines / p.best) * 1000));
  const mean = (a: number[]): number => a.reduce((s, x) => s + x, 0) / a.length;
  const base = mean(rates[0]!);
  positionals.forEach((file, b) => {
    const r = rates[b]!;
    const spread = `${Math.round(Math.min(...r) / 1000)}k–${Math.round(Math.max(...r) / 1000)}k`;
    console.log(`${file}  ${Math.round(mean(r) / 1000)}k lines/s  ×${(mean(r) / base).toFixed(3)}  (copies ${spread})`);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
