import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { distPath, packageRoot } from '../../node/paths.ts';

/**
 * The CLI and its lazily imported commands, as split ESM chunks; npm packages stay external.
 * Chunk names carry content hashes, so the folder is emptied first: otherwise every build would
 * leave the last one's chunks behind, and the package would ship them.
 */
export async function buildNode(): Promise<string> {
  rmSync(distPath('node'), { recursive: true, force: true });
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
