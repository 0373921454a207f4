/**
 * The ETL on AWS Lambda, one invocation per new log: S3 `ObjectCreated` events on the logs
 * bucket → the same code as `firn etl` (`runEtl`), on the main thread, for the objects of the
 * event. The same commit log makes it exactly once: a redelivered event finds the log committed
 * and does nothing; invocations running at once serialize on the commit log's sequence numbers.
 * A failure throws, so Lambda retries the event.
 *
 * Configuration (environment):
 *   FIRN_ETL_OUT          the lake, `s3://bucket/prefix/` (required)
 *   FIRN_ETL_IN           the logs, `s3://bucket/prefix/`; or only the prefix (e.g. `cloudfront/`),
 *                         the bucket then comes from each event record
 *   FIRN_ANONYMIZE_IP     IPv4 octets (and IPv6 groups) to anonymise, 0–4 (default 0)
 *   FIRN_ENRICHMENTS      enrichment settings as JSON, as `firn etl --enrichments` reads them
 *                         (default `{}`: every enrichment on)
 * Endpoint, region and credentials: the usual AWS chain (the function's role on Lambda).
 */
import { openBucket, type ObjectInfo } from '../node/bucket/index.ts';
import { parseS3Url, type S3BucketOptions } from '../node/bucket/s3.ts';
import { createLogger, type Logger } from '../node/logger.ts';
import { ConfigError, type EnrichmentConfig } from '../wasm/binding/config.ts';
import { readEnrichmentConfig } from '../wasm/binding/config-json.ts';
import { runEtl } from './run.ts';
import type { EtlSummary } from './summary.ts';

/** The part of an S3 event notification (version 2.x) the handler reads. */
export interface S3EventRecord {
  readonly eventName: string;
  readonly s3: {
    readonly bucket: { readonly name: string };
    readonly object: { readonly key: string; readonly size?: number; readonly eTag?: string };
  };
}

export interface S3Event {
  readonly Records: readonly S3EventRecord[];
}

export interface LambdaConfig {
  /** `s3://bucket/prefix/`, or a prefix alone (the bucket from each record). */
  readonly input: string;
  readonly output: string;
  /** The parser's settings (FIRN_ENRICHMENTS, with FIRN_ANONYMIZE_IP over its IP octets when not 0). */
  readonly enrichments?: EnrichmentConfig;
  /** For tests and other endpoints; default: the AWS chain. */
  readonly s3?: S3BucketOptions;
  readonly logger?: Logger;
}

export class LambdaConfigError extends Error {}

export function lambdaConfig(env: NodeJS.ProcessEnv = process.env): LambdaConfig {
  const output = env['FIRN_ETL_OUT'];
  if (!output?.startsWith('s3://')) throw new LambdaConfigError(`FIRN_ETL_OUT: ${JSON.stringify(output ?? null)} is not s3://bucket/prefix (the lake)`);
  const anonymizeIp = Number(env['FIRN_ANONYMIZE_IP'] ?? '0');
  if (!Number.isInteger(anonymizeIp) || anonymizeIp < 0 || anonymizeIp > 4) throw new LambdaConfigError(`FIRN_ANONYMIZE_IP: ${JSON.stringify(env['FIRN_ANONYMIZE_IP'])} is not an integer from 0 to 4`);
  let enrichments: EnrichmentConfig;
  try {
    // The template always sets FIRN_ANONYMIZE_IP (default 0): only a non-zero value overrides.
    enrichments = readEnrichmentConfig(env['FIRN_ENRICHMENTS'] || '{}', anonymizeIp > 0 ? anonymizeIp : undefined);
  } catch (e) {
    if (e instanceof ConfigError) throw new LambdaConfigError(`FIRN_ENRICHMENTS: ${e.message}`);
    throw e;
  }
  return { input: env['FIRN_ETL_IN'] ?? '', output, enrichments };
}

/** An S3 event's keys are URL-encoded, spaces as `+`. */
const decodeKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

export function createHandler(config: LambdaConfig): (event: S3Event) => Promise<EtlSummary[]> {
  const logger = config.logger ?? createLogger('info', 'etl');
  const fixed = config.input.startsWith('s3://') ? parseS3Url(config.input) : null;
  const prefix = fixed ? fixed.prefix : config.input.replace(/^\/+/, '');
  const output = openBucket(config.output, { s3: config.s3 });

  return async (event) => {
    // Objects per logs bucket (one, unless the function is wired to several).
    const byBucket = new Map<string, ObjectInfo[]>();
    for (const record of event.Records ?? []) {
      const bucket = record.s3.bucket.name;
      const key = decodeKey(record.s3.object.key);
      if (!record.eventName.startsWith('ObjectCreated:') || (fixed && bucket !== fixed.bucket) || !key.startsWith(prefix) || !key.endsWith('.gz')) {
        logger.warn(`ignored ${record.eventName} of s3://${bucket}/${key}: not a new log under ${fixed ? `s3://${fixed.bucket}/` : ''}${prefix}`);
        continue;
      }
      const logs = byBucket.get(bucket) ?? [];
      logs.push({ key: key.slice(prefix.length), size: record.s3.object.size ?? 0, version: record.s3.object.eTag ?? '' });
      byBucket.set(bucket, logs);
    }
    const summaries: EtlSummary[] = [];
    for (const [bucket, logs] of byBucket) {
      const input = openBucket(`s3://${bucket}/${prefix}`, { s3: config.s3 });
      // /tmp is the function's own: what a timed-out invocation staged there is removed at once
      const summary = await runEtl({ input, output, logger, logs, workers: 1, checkpoint: 'periodic', enrichments: config.enrichments ?? {}, privateTempFolder: true });
      logger.info(JSON.stringify(summary));
      if (summary.failed.length > 0) throw new Error(`could not process ${summary.failed.map((f) => `${f.key} (${f.error})`).join(', ')}; the event will be retried`);
      summaries.push(summary);
    }
    return summaries;
  };
}

let configured: ((event: S3Event) => Promise<EtlSummary[]>) | undefined;

/** The Lambda entry point (`index.handler` in the bundle, `etl/aws/bundle.ts`). */
export async function handler(event: S3Event): Promise<EtlSummary[]> {
  configured ??= createHandler(lambdaConfig());
  return configured(event);
}
