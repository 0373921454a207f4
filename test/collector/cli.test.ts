/** `firn collector --help` and `firn inspect --help`: every option, typed and with its default (STYLE 12). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../node/paths.ts';

const run = promisify(execFile);
const help = async (command: string): Promise<string> => (await run(process.execPath, ['--import', 'tsx', join(packageRoot, 'node/cli.ts'), command, '--help'], { cwd: packageRoot })).stdout;

describe('the CLI', () => {
  test('firn collector --help lists every option the issue names, as [type] what (default: x)', async () => {
    const text = await help('collector');
    for (const [flag, type, fallback] of [
      ['--host <host>', '[string]', '127.0.0.1'],
      ['--port <port>', '[number]', '8080'],
      ['--logs <dir|s3-url>', '[dir|s3://bucket/prefix]', 'data/logs'],
      ['--rotate <seconds>', '[number]', '60'],
      ['--max-file-bytes <bytes>', '[number]', '67108864'],
      ['--spool <dir>', '[dir]', '<logs>/.spool'],
      ['--distribution-id <id>', '[string]', 'EFIRNLOCAL0000'],
      ['--edge-location <code>', '[string]', 'LOC1'],
      ['--domain <name>', '[string]', '<distribution-id lowercased>.cloudfront.net'],
      ['--log-cookies', '[boolean]', 'false'],
      ['--trust-proxy', '[boolean]', 'false'],
      ['--serve-tracker [file]', '[file]', 'off'],
      ['--stream <mode>', '[auto|on|off]', 'auto'],
      ['--test-api', '[boolean]', 'false'],
    ] as const) {
      const line = text.split('\n').find((l) => l.trimStart().startsWith(flag + ' '));
      expect(line, `${flag} in\n${text}`).toBeDefined();
      expect(line).toContain(type);
      expect(line).toContain(`(default: ${fallback}`);
    }
  });

  test('firn inspect --help names the collector URL it watches by default', async () => {
    const text = await help('inspect');
    expect(text).toMatch(/--url <url>\s+\[url\] the collector \(default: http:\/\/127\.0\.0\.1:8080\)/);
    expect(text).toMatch(/--params\s+\[boolean\]/);
  });
});
