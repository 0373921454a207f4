import { readFile } from 'node:fs/promises';
import { distPath } from '../../node/paths.ts';
import { LogParser, type ParserOptions } from './parser.ts';

let compiled: Promise<WebAssembly.Module> | undefined;

/** A parser on the built dist/firn.wasm (compiled once per process, instantiated per call). */
export async function loadParser(options?: ParserOptions): Promise<LogParser> {
  compiled ??= readFile(distPath('firn.wasm')).then(
    (bytes) => WebAssembly.compile(bytes),
    (e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? new Error('dist/firn.wasm is missing: run `npm run build` first') : e;
    },
  );
  return LogParser.create(await compiled, options);
}
