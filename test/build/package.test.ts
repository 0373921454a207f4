/**
 * What package.json promises exists once `npm run build` has run: every export and the `firn`
 * command, so an app importing the package or running `npx firn` finds what it names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../node/paths.ts';

const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { exports: Record<string, string>; bin: Record<string, string> };

describe('package.json', () => {
  test.each(Object.entries(manifest.exports))('the export %s names a built file (%s)', (_name, target) => {
    expect(existsSync(join(packageRoot, target))).toBe(true);
  });

  test.each(Object.entries(manifest.bin))('the command %s exists (%s)', (_name, target) => {
    expect(existsSync(join(packageRoot, target))).toBe(true);
  });
});
