import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import asc from 'assemblyscript/asc';
import { generateParserTables } from '../../wasm/gen.ts';
import { distPath, packageRoot, version } from '../../node/paths.ts';
import { formatSize, measure } from './sizes.ts';

/**
 * The wasm features asc's output uses, all supported by every engine Firn runs on (Node 20,
 * current browsers); wasm-opt must be told them, as the binary does not say.
 */
const FEATURES = ['--enable-simd', '--enable-bulk-memory', '--enable-sign-ext', '--enable-mutable-globals', '--enable-nontrapping-float-to-int'];

/**
 * Generates the parser's tables from contract/ and wasm/data/, compiles dist/firn.wasm
 * (asconfig.json, release), then runs Binaryen's wasm-opt -O4 over it: after asc's own -O3 this
 * pass parses the bench log 2–5 % faster (bench/ab.ts, wasm/README.md "Speed"), output identical.
 */
export async function buildWasm(): Promise<string> {
  const generated = join(packageRoot, 'wasm/assembly/generated');
  await mkdir(generated, { recursive: true });
  for (const [name, text] of generateParserTables(version)) await writeFile(join(generated, name), text);
  let diagnostics = '';
  const { error } = await asc.main(['wasm/assembly/index.ts', '--config', 'asconfig.json', '--target', 'release'], {
    stdout: { write: () => true },
    stderr: { write: (text: string | Uint8Array) => ((diagnostics += String(text)), true) },
    readFile: undefined,
    baseDir: packageRoot,
  } as Parameters<typeof asc.main>[1]);
  if (error) throw new Error(`asc failed: ${error.message}\n${diagnostics}`);
  // binaryen is asc's own optimizer (pinned to the version assemblyscript depends on)
  const wasmOpt = join(dirname(createRequire(import.meta.url).resolve('binaryen')), 'bin', 'wasm-opt');
  execFileSync(process.execPath, [wasmOpt, distPath('firn.wasm'), '-O4', ...FEATURES, '-o', distPath('firn.wasm')], { stdio: ['ignore', 'ignore', 'pipe'] });
  return formatSize(measure(distPath('firn.wasm')));
}
