import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { sha1 } from '../../tracker/src/sha1.ts';

describe('The tracker SHA-1', () => {
  // Lengths 55, 56 and 64 are where the padding spills into an extra block.
  const inputs = ['', 'abc', 'localhost/', '127.0.0.1/', 'www.example.co.uk/', 'a'.repeat(55), 'b'.repeat(56), 'c'.repeat(64), 'd'.repeat(200), 'bücher.example/'];
  test.each(inputs)('It matches Node crypto for %j', (input) => {
    expect(sha1(input)).toBe(createHash('sha1').update(input, 'utf8').digest('hex'));
  });
});
