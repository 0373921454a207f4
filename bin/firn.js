#!/usr/bin/env node
// The `firn` command. The CLI itself is TypeScript bundled by `npm run build` into dist/node/.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/node/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('error when starting firn: dist/node/cli.js is missing; run `npm run build` first\n');
  process.exit(1);
}
await import(cli.href);
