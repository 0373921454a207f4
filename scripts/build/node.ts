import { build } from 'esbuild';
import { distPath, packageRoot } from '../../node/paths.ts';

/** The CLI and its lazily imported commands, as split ESM chunks; npm packages stay external. */
export async function buildNode(): Promise<string> {
  await build({
    absWorkingDir: packageRoot,
    entryPoints: { cli: 'node/cli.ts' },
    outdir: distPath('node'),
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  return '';
}
