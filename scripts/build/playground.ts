import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { distPath, packageRoot } from '../../node/paths.ts';
import { formatSize, measure } from './sizes.ts';

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** The static playground site, `dist/playground/`, through Vite's build API and playground/vite.config.ts. */
export async function buildPlayground(): Promise<string> {
  await build({ configFile: join(packageRoot, 'playground', 'vite.config.ts'), logLevel: 'warn' });
  const out = distPath('playground');
  const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(out, f)).isFile());
  const total = files.reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
  // The wasm and DuckDB's worker are fixed costs; the app chunk is the part our code decides.
  const app = files.filter((f) => f.endsWith('.js') && !f.includes('duckdb-browser-eh.worker'));
  const js = app.map((f) => `${f} ${formatSize(measure(join(out, f)))}`).join('; ');
  return `${files.length} files, ${mb(total)}; ${js}`;
}
