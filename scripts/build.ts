/**
 * `npm run build`: every artifact under `dist/`.
 *   dist/firn.wasm          the log parser (AssemblyScript)
 *   dist/firn.js            the script-tag tracker, minified
 *   dist/tracker/index.js   the tracker as an ES module (`firn/tracker`)
 *   dist/node/cli.js        the `firn` CLI and everything it lazy-loads
 *   dist/playground/        the static playground site
 * Each step lives in scripts/build/<part>.ts; `--only wasm,node` runs a subset.
 */
import { performance } from 'node:perf_hooks';
import { buildWasm } from './build/wasm.ts';
import { buildTracker } from './build/tracker.ts';
import { buildNode } from './build/node.ts';
import { buildPlayground } from './build/playground.ts';

const steps = { wasm: buildWasm, tracker: buildTracker, node: buildNode, playground: buildPlayground } as const;
type Step = keyof typeof steps;

const onlyFlag = process.argv.indexOf('--only');
const wanted = (onlyFlag >= 0 ? (process.argv[onlyFlag + 1] ?? '').split(',') : Object.keys(steps)) as Step[];
for (const name of wanted) {
  const step = steps[name];
  if (!step) {
    process.stderr.write(`error when building: unknown step ${JSON.stringify(name)} (accepted: ${Object.keys(steps).join(', ')})\n`);
    process.exit(1);
  }
  const start = performance.now();
  try {
    const note = await step();
    process.stderr.write(`built ${name.padEnd(10)} ${String(Math.round(performance.now() - start)).padStart(6)} ms${note ? '  ' + note : ''}\n`);
  } catch (e) {
    process.stderr.write(`error when building ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
