/**
 * `npm run bench`: every measurement side by side in one run, on this machine, written to
 * BENCHMARKS.md. Timings live here, never in tests.
 */
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../node/paths.ts';
import { benchParser } from './parser.ts';
import { benchTrackerSize } from './tracker-size.ts';
import { benchCollector } from './collector.ts';
import { benchTracker } from './tracker.ts';
import { benchEtl } from './etl.ts';
import { benchDuckDB } from './duckdb.ts';
import type { BenchResult } from './result.ts';

const sections: (() => Promise<BenchResult>)[] = [benchTrackerSize, benchTracker, () => benchParser(), () => benchDuckDB(), benchCollector, benchEtl];

const results: BenchResult[] = [];
for (const section of sections) {
  const result = await section();
  results.push(result);
  process.stderr.write(`\n${result.title}\n${result.rows.map(([k, v]) => `  ${k.padEnd(46)} ${v}`).join('\n')}\n`);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
const markdown = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}). Every ratio compares two runs made in the same process, minutes apart; absolute numbers depend on the machine.`,
  '',
  ...results.flatMap((r) => [`## ${r.title}`, '', '| measure | value |', '|---|---|', ...r.rows.map(([k, v]) => `| ${k} | ${v} |`), ...(r.note ? ['', r.note] : []), '']),
].join('\n');
await writeFile(join(packageRoot, 'BENCHMARKS.md'), markdown);
process.stderr.write('\nwrote BENCHMARKS.md\n');
