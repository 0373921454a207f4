/**
 * `dist/tracker/index.d.ts`, as an app sees it: a file importing `firn/tracker` (the package
 * export) type-checks, misuses do not, and the declarations stand alone.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../node/paths.ts';
import { requireBuilt } from '../support/built.ts';

const CONSUMER = `
import { newTracker, trackPageView, trackStructEvent, getQueueStats, flush, type TrackerConfig, type QueueStats } from 'firn/tracker';
const config: TrackerConfig = { appId: 'app', respectDoNotTrack: true, maxQueueSize: 500 };
newTracker('sp', 'https://c.example.com', config);
trackPageView({ title: 'Home' });
trackStructEvent({ category: 'c', action: 'a', value: 3 }, ['sp']);
const stats: Promise<QueueStats> = getQueueStats();
const done: Promise<void> = flush();
// @ts-expect-error the endpoint is required
newTracker('sp');
// @ts-expect-error category and action are required
trackStructEvent({ label: 'x' });
// @ts-expect-error no such option
newTracker('sp', 'c', { appid: 'typo' });
export { stats, done };
`;

describe('The firn/tracker types', () => {
  test('An app importing firn/tracker type-checks against dist/tracker/index.d.ts, and its mistakes do not', () => {
    requireBuilt('tracker/index.d.ts');
    // A file inside the package, so `firn/tracker` resolves through the package's own exports.
    const file = join(packageRoot, 'test', 'tracker', '__consumer__.ts');
    const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [] };
    const host = ts.createCompilerHost(options);
    const { readFile, fileExists } = host;
    host.readFile = (f) => (f === file ? CONSUMER : readFile(f));
    host.fileExists = (f) => f === file || fileExists(f);
    const program = ts.createProgram([file], options, host);
    const messages = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(messages).toEqual([]);
    // Resolved to the generated declarations, which import nothing.
    const dts = program.getSourceFiles().find((f) => f.fileName.endsWith('dist/tracker/index.d.ts'));
    expect(dts).toBeDefined();
    expect(dts!.statements.filter((s) => ts.isImportDeclaration(s))).toEqual([]);
  });
});
