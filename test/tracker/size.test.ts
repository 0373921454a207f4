import { describe, expect, test } from 'vitest';
import { distPath } from '../../node/paths.ts';
import { measure } from '../../scripts/build/sizes.ts';
import budgets from '../../tracker/size-budget.json' with { type: 'json' };

const FILES = ['firn.js', 'tracker/index.js'] as const;

describe('The tracker size', () => {
  test.each(FILES)('dist/%s stays within its gzip budget', (file) => {
    const size = measure(distPath(file));
    const budget = budgets[file].gzip;
    expect(size.gzip, `${file} is ${size.gzip} B gzip (${size.brotli} B brotli), budget ${budget} B`).toBeLessThanOrEqual(budget);
  });
});
