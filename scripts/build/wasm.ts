import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import asc from 'assemblyscript/asc';
import { generateParserTables } from '../../wasm/gen.ts';
import { distPath, packageRoot, version } from '../../node/paths.ts';
import { formatSize, measure } from './sizes.ts';

/** Generates the parser's tables from contract/ and wasm/data/, then compiles dist/firn.wasm (asconfig.json, release). */
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
  return formatSize(measure(distPath('firn.wasm')));
}
