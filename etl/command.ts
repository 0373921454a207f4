/**
 * `firn etl`: options → a run → a summary (JSON on stdout with --json, one line on stderr
 * otherwise; a progress bar meanwhile on a terminal). Exit code 1 only when a log could not be
 * processed (it is named, with the reason, and retried by the next run).
 */
import { openBucket } from '../node/bucket/index.ts';
import type { Logger } from '../node/logger.ts';
import type { RawOptions } from '../node/options.ts';
import { resolveEtlOptions } from './options.ts';
import { progressBar } from './progress.ts';
import { runEtl } from './run.ts';
import { describe } from './summary.ts';

export { describe } from './summary.ts';

export async function runEtlCommand(options: RawOptions, logger: Logger): Promise<number> {
  const config = resolveEtlOptions(options);
  const input = openBucket(config.in);
  const output = openBucket(config.out);
  const bar = process.stderr.isTTY ? progressBar(process.stderr) : undefined;
  let summary;
  try {
    summary = await runEtl({
      input,
      output,
      logger,
      workers: config.workers,
      since: config.since,
      until: config.until,
      dryRun: config.dryRun,
      enrichments: config.enrichments,
      onProgress: bar?.update,
    });
  } finally {
    bar?.done();
  }
  if (config.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else logger.info(describe(summary, output.url));
  return summary.failed.length > 0 ? 1 : 0;
}
