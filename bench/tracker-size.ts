import { distPath } from '../node/paths.ts';
import { measure } from '../scripts/build/sizes.ts';
import type { BenchResult } from './result.ts';
import budget from '../tracker/size-budget.json' with { type: 'json' };

/** What a browser downloads for each shipped tracker file, against its budget. */
export async function benchTrackerSize(): Promise<BenchResult> {
  const files = ['firn.js', 'tracker/index.js'] as const;
  return {
    title: 'Tracker size (dist/firn.js: script tag; dist/tracker/index.js: the firn/tracker module)',
    rows: files.flatMap((file): [string, string][] => {
      const size = measure(distPath(file));
      const limit = budget[file].gzip;
      return [
        [`${file}: minified`, `${size.raw} B`],
        [`${file}: gzip -9 / brotli 11`, `${size.gzip} B / ${size.brotli} B`],
        [`${file}: budget (gzip)`, `${limit} B (${Math.round((100 * size.gzip) / limit)} % used)`],
      ];
    }),
  };
}
