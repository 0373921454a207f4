import { describe, expect, test } from 'vitest';
import { distPath } from '../../node/paths.ts';
import { measure } from '../../scripts/build/sizes.ts';
import budgets from '../../tracker/size-budget.json' with { type: 'json' };

describe('The script-tag tracker size', () => {
  test('dist/firn.js stays within its gzip budget', () => {
    const size = measure(distPath('firn.js'));
    expect(size.gzip, `firn.js is ${size.gzip} B gzip (${size.brotli} B brotli), budget ${budgets['firn.js'].gzip} B`).toBeLessThanOrEqual(budgets['firn.js'].gzip);
  });
});
