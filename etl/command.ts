import { openBucket } from '../node/bucket/index.ts';
import type { Logger } from '../node/logger.ts';
import { existsSync } from 'node:fs';
import { OptionError, booleanOption, stringOption, type RawOptions } from '../node/options.ts';
import { runEtl, type EtlSummary } from './run.ts';

/** `firn etl`: exit code 1 only when a log could not be processed. */
export async function runEtlCommand(options: RawOptions, logger: Logger): Promise<number> {
  const inputUrl = stringOption(options, 'in', undefined, 'a folder of raw .gz logs');
  if (!inputUrl.startsWith('s3://') && !existsSync(inputUrl)) throw new OptionError(`--in: ${JSON.stringify(inputUrl)} does not exist (a folder of raw .gz logs)`);
  const input = openBucket(inputUrl);
  const output = openBucket(stringOption(options, 'out', undefined, 'an output folder'));
  const json = booleanOption(options, 'json');
  const summary = await runEtl({ input, output, logger });
  if (json) process.stdout.write(JSON.stringify(summary) + '\n');
  else logger.info(describe(summary, output.url));
  return summary.failed.length > 0 ? 1 : 0;
}

export function describe(s: EtlSummary, out: string): string {
  const rate = s.seconds > 0 ? ` (${(s.bytes / 1e6 / s.seconds).toFixed(1)} MB/s)` : '';
  return (
    `${s.files} log file${s.files === 1 ? '' : 's'} processed, ${s.skipped} already done${s.failed.length ? `, ${s.failed.length} FAILED` : ''}: ` +
    `${s.lines} lines → ${s.good} good, ${s.bad} bad, ${s.discarded} discarded; ${s.parts.length} parts written to ${out} in ${s.seconds.toFixed(2)} s${rate}`
  );
}
