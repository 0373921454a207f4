/**
 * The Lambda bundle: `etl/lambda.ts` as one ES module (`index.mjs`, handler `index.handler`),
 * the parser beside it in `dist/firn.wasm`, and a package.json named `firn` so the code finds
 * them the way it does in the repository (`node/paths.ts`). The AWS SDK is left out: the
 * nodejs24.x runtime provides it.
 */
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { distPath, packageRoot, version } from '../../node/paths.ts';

export async function bundleLambda(out = distPath('lambda-etl')): Promise<string> {
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'dist'), { recursive: true });
  await build({
    absWorkingDir: packageRoot,
    entryPoints: ['etl/lambda.ts'],
    outfile: join(out, 'index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@aws-sdk/*'],
    logLevel: 'warning',
  });
  await copyFile(distPath('firn.wasm'), join(out, 'dist', 'firn.wasm'));
  await writeFile(join(out, 'package.json'), JSON.stringify({ name: 'firn', version, type: 'module', private: true }, null, 2) + '\n');
  return out;
}
