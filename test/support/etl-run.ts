/** One ETL run from a logs folder to a lake folder, as the ETL tests make it. */
import { expect } from 'vitest';
import { openBucket } from '../../node/bucket/index.ts';
import { createLogger } from '../../node/logger.ts';
import { conservationErrors } from '../../etl/counts.ts';
import { runEtl, type EtlConfig } from '../../etl/run.ts';
import type { EtlSummary } from '../../etl/summary.ts';

/** The runs' fixed etl_tstamp, so lakes made apart compare byte for byte. */
export const ETL_TSTAMP = Date.UTC(2025, 10, 29, 1);

const logger = createLogger('silent');

/** Runs the ETL silently at ETL_TSTAMP (unless `more` says otherwise) and checks that every line is accounted for. */
export async function runFolders(logs: string, lake: string, more: Partial<EtlConfig> = {}): Promise<EtlSummary> {
  const summary = await runEtl({ input: openBucket(logs), output: openBucket(lake), logger, etlTstampMs: ETL_TSTAMP, ...more });
  expect(conservationErrors(summary)).toEqual([]);
  return summary;
}
