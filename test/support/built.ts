import { existsSync } from 'node:fs';
import { distPath } from '../../node/paths.ts';

/**
 * Tests run against the built artifacts, as users get them; `npm test` builds first. A test
 * run on its own after a source change needs `npm run build` (or `--only <part>`) first.
 */
export function requireBuilt(...artifacts: string[]): void {
  const missing = artifacts.filter((a) => !existsSync(distPath(a)));
  if (missing.length > 0) throw new Error(`missing build output ${missing.map((m) => 'dist/' + m).join(', ')}: run \`npm run build\` first`);
}
