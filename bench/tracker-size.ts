import { distPath } from '../node/paths.ts';
import { measure } from '../scripts/build/sizes.ts';
import type { BenchResult } from './result.ts';
import budget from '../tracker/size-budget.json' with { type: 'json' };

/** What a browser downloads for the script-tag tracker, against its budget. */
export async function benchTrackerSize(): Promise<BenchResult> {
  const size = measure(distPath('firn.js'));
  return {
    title: 'Tracker size (dist/firn.js)',
    rows: [
      ['minified', `${size.raw} B`],
      ['gzip -9', `${size.gzip} B`],
      ['brotli 11', `${size.brotli} B`],
      ['budget (gzip)', `${budget['firn.js'].gzip} B (${Math.round((100 * size.gzip) / budget['firn.js'].gzip)} % used)`],
    ],
  };
}
