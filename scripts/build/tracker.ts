import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { minify } from 'terser';
import ts from 'typescript';
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
 *   dist/firn.js             script tag (IIFE, minified); its only global is `firn`
 *   dist/tracker/index.js    `firn/tracker` (ESM, minified too: it is held to the same budget,
 *                            and an app's bundler gets nothing more out of it)
 *   dist/tracker/index.d.ts  its types, found by TypeScript next to index.js
 * Returns the sizes: the script tag, and a minified app importing the ES module ("realistic import").
 */
export async function buildTracker(): Promise<string> {
  const script = distPath('firn.js');
  const module = distPath('tracker', 'index.js');
  await Promise.all([
    build({ ...common, entryPoints: ['tracker/src/script.ts'], outfile: script, format: 'iife', minify: true }),
    build({ ...common, entryPoints: ['tracker/src/index.ts'], outfile: module, format: 'esm', minify: true }),
  ]);
  writeFileSync(script, await compress(readFileSync(script, 'utf8'), false));
  writeFileSync(module, await compress(readFileSync(module, 'utf8'), true));
  writeFileSync(distPath('tracker', 'index.d.ts'), declarations());
  const sized = (file: 'firn.js' | 'tracker/index.js'): string => {
    const size = measure(distPath(file));
    const budget = budgets[file].gzip;
    return `${file} ${formatSize(size)} (budget ${budget} B gzip${size.gzip > budget ? ', OVER' : ''})`;
  };
  return `${sized('firn.js')}; ${sized('tracker/index.js')}; an app importing it ${formatSize(await sizeOfImport())}`;
}

/**
 * A second minifier over esbuild's output: terser's repeated compress passes (only its safe
 * transforms) take about 180 B more off the gzipped script tag, 3.5 % of the 5-KB budget. The
 * test suite runs the script tag in Chromium and type-checks and bundles the module.
 */
async function compress(code: string, module: boolean): Promise<string> {
  const { code: out } = await minify(code, { ecma: 2019, module, compress: { passes: 3 }, mangle: true, format: { comments: false } });
  if (out === undefined) throw new Error('terser returned no code for the tracker');
  return out;
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

const ENTRY = join(packageRoot, 'tracker', 'src', 'index.ts');
const TYPES = join(packageRoot, 'tracker', 'src', 'types.ts');

/**
 * `dist/tracker/index.d.ts`, one self-contained file: the public types (tracker/src/types.ts,
 * which holds only declarations and imports nothing), then each exported function as the type
 * checker sees it, with its doc comment. Nothing internal (the payload, the contract) leaks in.
 */
export function declarations(): string {
  const program = ts.createProgram([ENTRY], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    strict: true,
    noEmit: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
  });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY)!;
  const resolve = (symbol: ts.Symbol): ts.Symbol => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const values = checker
    .getExportsOfModule(checker.getSymbolAtLocation(entry)!)
    .filter((symbol) => resolve(symbol).flags & ts.SymbolFlags.Value)
    .map((symbol) => {
      const target = resolve(symbol);
      const type = checker.typeToString(checker.getTypeOfSymbolAtLocation(target, entry), entry, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope);
      const doc = ts.displayPartsToString(target.getDocumentationComment(checker));
      return `${doc ? `/** ${doc.replace(/\n/g, '\n * ')} */\n` : ''}export declare const ${symbol.name}: ${type};`;
    });
  return [`/** Types of \`firn/tracker\`, generated by scripts/build/tracker.ts from tracker/src (types.ts and index.ts). */`, readFileSync(TYPES, 'utf8').trim(), ...values, ''].join('\n\n');
}
