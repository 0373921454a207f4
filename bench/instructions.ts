/**
 * Wasm instructions per line, by function: `npx tsx bench/instructions.ts [build.wasm]` (see
 * --help). Needs valgrind (`apt-get install valgrind`).
 *
 * This machine's VM exposes no hardware counters, and timings move by ±2 % between runs, so a
 * change that saves 1 % is hard to see in time. An instruction count is exact and repeatable:
 * callgrind counts the machine instructions V8's compiled wasm executes, per address; V8's
 * `--perf-basic-prof` map names the functions (a `--debug` build keeps their names, and runs as
 * fast), and `--print-wasm-code` gives the code to annotate. The parser runs at about 4.4
 * instructions a cycle (stop 20: about 18,000 a line in about 4,100 cycles), so what it executes
 * is most of what it costs: cutting 10 % of them gained about 6.5 % in bench/ab.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LogParser } from '../wasm/binding/parser.ts';
import { distPath } from '../node/paths.ts';
import { BENCH_LOGS, parseBenchLog, wholeNumberOption } from './parser.ts';

const HELP = `Usage: npx tsx bench/instructions.ts [options] [build.wasm]

Counts, under valgrind's callgrind, the machine instructions V8's compiled code of a parser
build (default dist/firn.wasm) executes per log line, by wasm function. Build with names for
readable output: npx asc wasm/assembly/index.ts --config asconfig.json --target release --debug
(then wasm-opt -O4 -g, as wasm/README.md says).

Options:
  --log <name>       bench (default), mixed or distinct (bench/parser.ts)
  --lines <n>        lines in the log (default 5000); it is parsed --runs times
  --runs <n>         parses counted (default 10), after one not counted (its memos fill)
  --top <n>          functions listed (default 15)
  --annotate <fn>    also print the instructions of the function whose name ends with <fn>
                     that run at least once a line, with their count per line
  -h, --help         this text`;

/** Per instruction address, how many times it ran: callgrind's output with --dump-instr=yes. */
function instructionCounts(file: string): Map<number, number> {
  const counts = new Map<number, number>();
  let last = 0;
  let callCost = false; // the line after `calls=` is a call's inclusive cost, not the call's own
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('calls=')) {
      callCost = true;
      continue;
    }
    const m = /^(0x[0-9a-f]+|[+-]\d+|[+-]0x[0-9a-f]+|\*)\s+\S+\s+(\d+)/.exec(line);
    if (!m) continue;
    const at = m[1]!;
    if (at.startsWith('0x')) last = Number.parseInt(at, 16);
    else if (at !== '*') last += Number(at.startsWith('+0x') || at.startsWith('-0x') ? (at[0] === '-' ? -1 : 1) * Number.parseInt(at.slice(3), 16) : at);
    if (callCost) {
      callCost = false;
      continue;
    }
    counts.set(last, (counts.get(last) ?? 0) + Number(m[2]));
  }
  return counts;
}

/** Wasm functions' address ranges from V8's perf map (`start size name` per line). */
function wasmFunctions(mapFile: string): { start: number; end: number; name: string }[] {
  return readFileSync(mapFile, 'utf8')
    .split('\n')
    .map((line) => /^([0-9a-f]+) ([0-9a-f]+) JS:(.*)-turbofan$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && !m[3]!.startsWith('wasm-to-js'))
    .map((m) => ({ start: Number.parseInt(m[1]!, 16), end: Number.parseInt(m[1]!, 16) + Number.parseInt(m[2]!, 16), name: m[3]!.replace(/-\d+$/, '') }))
    .sort((a, b) => a.start - b.start);
}

/** Parses the log `runs` + 1 times in this process: what valgrind watches. */
async function child(build: string, logName: string, lines: number, runs: number): Promise<void> {
  const log = Buffer.from(BENCH_LOGS[logName]!(lines).join(''));
  const parser = await LogParser.create(await WebAssembly.compile(readFileSync(build)), {});
  for (let r = 0; r <= runs; r++) parseBenchLog(parser, log, () => {});
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      log: { type: 'string', default: 'bench' },
      lines: { type: 'string', default: '5000' },
      runs: { type: 'string', default: '10' },
      top: { type: 'string', default: '15' },
      annotate: { type: 'string' },
      child: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!BENCH_LOGS[values.log]) throw new Error(`--log ${values.log}: expected one of ${Object.keys(BENCH_LOGS).join(', ')}`);
  const lines = wholeNumberOption('lines', values.lines);
  const runs = wholeNumberOption('runs', values.runs);
  const build = positionals[0] ?? distPath('firn.wasm');
  if (values.child) return child(build, values.log, lines, runs);
  if (spawnSync('sh', ['-c', 'command -v valgrind']).status !== 0) throw new Error('valgrind is not installed: apt-get install valgrind');

  const dir = mkdtempSync(join(tmpdir(), 'firn-instructions-'));
  try {
    const out = join(dir, 'callgrind.out');
    const self = fileURLToPath(import.meta.url);
    // no Liftoff: every function runs as TurboFan compiled it from the start; one thread: no compile jobs counted
    const v8 = ['--no-liftoff', '--single-threaded', '--perf-basic-prof', ...(values.annotate ? ['--print-wasm-code'] : [])];
    const run = spawnSync(
      'valgrind',
      ['--tool=callgrind', '--smc-check=all-non-file', '--dump-instr=yes', `--callgrind-out-file=${out}`, process.execPath, ...v8, '--import', 'tsx', self, '--child', '--log', values.log, '--lines', String(lines), '--runs', String(runs), build],
      { encoding: 'utf8', maxBuffer: 1 << 30, cwd: dirname(dirname(self)) }, // the repository: where `--import tsx` resolves
    );
    if (run.status !== 0) throw new Error(`valgrind failed (${run.status}): ${run.stderr.slice(-2000)}`);
    const pid = /^pid: (\d+)/m.exec(readFileSync(out, 'utf8').slice(0, 4096))?.[1];
    const map = `/tmp/perf-${pid}.map`;
    if (!existsSync(map)) throw new Error(`no V8 perf map at ${map}`);
    const perLine = lines * (runs + 1);
    const counts = instructionCounts(out);
    const functions = wasmFunctions(map);
    rmSync(map, { force: true });
    const byFunction = new Map<string, number>();
    for (const [at, n] of counts) {
      const f = functions.find((g) => at >= g.start && at < g.end);
      if (f) byFunction.set(f.name, (byFunction.get(f.name) ?? 0) + n);
    }
    const total = [...byFunction.values()].reduce((s, n) => s + n, 0);
    console.log(`${build}, ${values.log} log: ${Math.round(total / perLine).toLocaleString('en')} wasm instructions a line (${perLine.toLocaleString('en')} lines)`);
    for (const [name, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, wholeNumberOption('top', values.top))) {
      console.log(`${Math.round(n / perLine).toString().padStart(8)}  ${((n / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
    }
    if (values.annotate) annotate(run.stdout, counts, values.annotate, perLine);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The instructions of function `suffix` (from --print-wasm-code) that run at least once a line. */
function annotate(code: string, counts: Map<number, number>, suffix: string, perLine: number): void {
  let inFunction = false;
  for (const line of code.split('\n')) {
    if (line.startsWith('name: ')) inFunction = line.slice(6).trim().endsWith(suffix);
    const m = inFunction ? /^0x([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+(.*)$/.exec(line) : null;
    if (!m) continue;
    const n = (counts.get(Number.parseInt(m[1]!, 16)) ?? 0) / perLine;
    if (n >= 1) console.log(`${n.toFixed(1).padStart(7)}  +${m[2]!.padEnd(5)} ${m[3]}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
