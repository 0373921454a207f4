import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root, found by walking up from this module: the same answer whether the code
 * runs bundled from `dist/node/` or as TypeScript source under vitest/tsx.
 */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'firn') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the firn package root above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
})();

/** A built artifact under `dist/` (`npm run build` makes them). */
export function distPath(...parts: string[]): string {
  return join(packageRoot, 'dist', ...parts);
}

export const version: string = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
