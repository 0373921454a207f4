import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { distPath, packageRoot, version } from '../../node/paths.ts';
import { formatSize, measure } from './sizes.ts';
import budgets from '../../tracker/size-budget.json' with { type: 'json' };

/** What both tracker builds share: one version string, and `_` internals renamed (STYLE rule 7). */
const common: BuildOptions = {
  absWorkingDir: packageRoot,
  bundle: true,
  platform: 'browser',
  target: 'es2019',
  define: { __FIRN_VERSION__: JSON.stringify(version) },
  mangleProps: /^_/,
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * The tracker, twice:
 *   dist/firn.js           script tag (IIFE, minified); its only global is `firn`
 *   dist/tracker/index.js  `firn/tracker` (ESM, idb bundled in; the app's bundler minifies it)
 * Returns the sizes: the script tag, and a minified app importing the ES module ("realistic import").
 */
export async function buildTracker(): Promise<string> {
  const script = distPath('firn.js');
  await Promise.all([
    build({ ...common, entryPoints: ['tracker/src/script.ts'], outfile: script, format: 'iife', minify: true }),
    build({ ...common, entryPoints: ['tracker/src/index.ts'], outfile: distPath('tracker', 'index.js'), format: 'esm' }),
  ]);
  const size = measure(script);
  const budget = budgets['firn.js'].gzip;
  return `firn.js ${formatSize(size)} (budget ${budget} B gzip${size.gzip > budget ? ', OVER' : ''}); firn/tracker import ${formatSize(await sizeOfImport())}`;
}

/** An app that imports the ES module and tracks a page view, bundled and minified the way an app would be. */
async function sizeOfImport(): Promise<ReturnType<typeof measure>> {
  const dir = mkdtempSync(join(tmpdir(), 'firn-size-'));
  try {
    const outfile = join(dir, 'app.js');
    await build({
      stdin: {
        contents: `import { newTracker, trackPageView } from ${JSON.stringify(distPath('tracker', 'index.js'))};\nnewTracker('sp', 'c.example.com');\ntrackPageView();\n`,
        resolveDir: packageRoot,
      },
      bundle: true,
      format: 'esm',
      minify: true,
      target: 'es2019',
      outfile,
      logLevel: 'warning',
    });
    return measure(outfile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
