/** `firn collector` as users run it (the CLI in its own process): SIGTERM delivers everything. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, test } from 'vitest';
import { packageRoot } from '../../node/paths.ts';
import { dataLines, deliveredFiles, field, testWorld } from './support.ts';

const world = testWorld();
afterEach(() => world.cleanUp());

describe('firn collector and signals', () => {
  test('SIGTERM stops taking requests, delivers every answered hit, removes its spool lock and exits 0', async () => {
    const logs = await world.dir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot, 'node/cli.ts'), 'collector', '--port', '0', '--logs', logs, '--rotate', '3600'], {
      cwd: packageRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const stderr: string[] = [];
    try {
      let url = '';
      for await (const line of createInterface({ input: child.stderr! })) {
        stderr.push(line);
        url = /listening on (http:\/\/\S+)/.exec(line)?.[1] ?? '';
        if (url) break;
      }
      expect(url, stderr.join('\n')).not.toBe('');
      child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
      const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => fetch(`${url}/i?e=pv&n=${n}`).then((r) => r.status)));
      expect(answers.every((s) => s === 200)).toBe(true);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code, stderr.join('\n')).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const files = await deliveredFiles(logs);
    const ns = files.flatMap((f) => dataLines(f.text)).map((l) => Number(field(l.split('\t'), 'cs-uri-query').split('n=')[1]));
    expect(ns.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(await readdir(join(logs, '.spool'))).toEqual([]); // no segment, no collector.pid
    expect(stderr.join('\n')).toContain('SIGTERM: delivering the last log lines');
  });
});
