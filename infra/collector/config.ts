/**
 * What a caller may pass to `startCollector`, and the checked, defaulted, read-only form the
 * collector runs on (STYLE 13). Defaults match the `firn collector` flags in `node/cli.ts`.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openBucket, type Bucket } from '../../node/bucket/index.ts';
import { FolderBucket } from '../../node/bucket/folder.ts';
import type { Logger } from '../../node/logger.ts';

export interface CollectorConfig {
  /** Interface to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one (read it back from `Collector.port`). Default 8080. */
  readonly port?: number;
  /** Where rotated `.gz` files are delivered: a folder path (or, later, an `s3://` URL). */
  readonly logs: string;
  /** Deliver the spooled lines every this many seconds, 1 to 86400. Default 60. */
  readonly rotateSeconds?: number;
  /** First part of every log file name, uppercase letters and digits. Default `EFIRNLOCAL0000`. */
  readonly distributionId?: string;
  /** The `x-edge-location` value, like `LAX1` or `SEA19-C1`. Default `LOC1`. */
  readonly edgeLocation?: string;
  /**
   * The `cs(Host)` value. CloudFront logs its own domain there, never the CNAME the viewer used
   * (that goes in `x-host-header`). Default `<distribution id, lowercased>.cloudfront.net`.
   */
  readonly domain?: string;
  /** The file served at `/firn.js`; without it `/firn.js` is a 404 like any other path. */
  readonly trackerFile?: string;
  readonly logger: Logger;
  /**
   * Where lines wait for delivery. Default `<logs>/.spool` for a folder bucket (so the lines
   * of one bucket stay with it and a restart finds them), else a folder under the OS temp dir.
   */
  readonly spoolDir?: string;
  /** Called with the keys of each rotation that delivered at least one file. */
  readonly onDelivered?: (keys: readonly string[]) => void;
  /** The wall clock for `date`, `time` and the file hour. Tests pass a fixed one. */
  readonly now?: () => Date;
}

export interface ResolvedCollectorConfig {
  readonly host: string;
  readonly port: number;
  readonly bucket: Bucket;
  readonly rotateSeconds: number;
  readonly distributionId: string;
  readonly edgeLocation: string;
  readonly domain: string;
  readonly trackerFile: string | null;
  readonly logger: Logger;
  readonly spoolDir: string;
  readonly onDelivered: ((keys: readonly string[]) => void) | null;
  readonly now: () => Date;
}

export class CollectorConfigError extends Error {}

/** Shapes of the string options that end up in file names and log fields; `command.ts` checks its flags with them too. */
export const DISTRIBUTION_ID = { pattern: /^[A-Z0-9]{1,64}$/, accepted: 'uppercase letters and digits, like E2QWRUHAPOMQZL' } as const;
export const EDGE_LOCATION = { pattern: /^[A-Z]{3}[0-9]{1,3}(-[A-Z0-9]{1,4})?$/, accepted: 'three capital letters and a number, like LAX1 or SEA19-C1' } as const;
export const DOMAIN = { pattern: /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, accepted: 'a lowercase host name, like d111111abcdef8.cloudfront.net' } as const;

/** Checks every option; the error names the option, quotes the value and says what is accepted. */
export function resolveCollectorConfig(config: CollectorConfig): Readonly<ResolvedCollectorConfig> {
  const host = check('host', config.host ?? '127.0.0.1', (v) => typeof v === 'string' && v !== '', 'a non-empty string');
  const port = check('port', config.port ?? 8080, (v) => Number.isInteger(v) && v >= 0 && v <= 65535, 'an integer from 0 to 65535');
  const logs = check('logs', config.logs, (v) => typeof v === 'string' && v !== '', 'a folder path');
  const rotateSeconds = check('rotateSeconds', config.rotateSeconds ?? 60, (v) => Number.isInteger(v) && v >= 1 && v <= 86400, 'an integer from 1 to 86400');
  const distributionId = check('distributionId', config.distributionId ?? 'EFIRNLOCAL0000', (v) => typeof v === 'string' && DISTRIBUTION_ID.pattern.test(v), DISTRIBUTION_ID.accepted);
  const edgeLocation = check('edgeLocation', config.edgeLocation ?? 'LOC1', (v) => typeof v === 'string' && EDGE_LOCATION.pattern.test(v), EDGE_LOCATION.accepted);
  const domain = check('domain', config.domain ?? `${distributionId.toLowerCase()}.cloudfront.net`, (v) => typeof v === 'string' && DOMAIN.pattern.test(v), DOMAIN.accepted);
  const trackerFile = config.trackerFile === undefined ? null : resolve(check('trackerFile', config.trackerFile, (v) => typeof v === 'string' && v !== '', 'a file path'));
  const bucket = openBucket(logs);
  const spoolDir = resolve(config.spoolDir ?? defaultSpoolDir(bucket));
  return Object.freeze({
    host,
    port,
    bucket,
    rotateSeconds,
    distributionId,
    edgeLocation,
    domain,
    trackerFile,
    logger: config.logger,
    spoolDir,
    onDelivered: config.onDelivered ?? null,
    now: config.now ?? (() => new Date()),
  });
}

function check<T>(name: string, value: T, ok: (value: T) => boolean, accepted: string): T {
  if (!ok(value)) throw new CollectorConfigError(`collector option ${name}: ${JSON.stringify(value)} is not ${accepted}`);
  return value;
}

/**
 * A dot folder inside a folder bucket; other buckets get a temp folder named after the bucket
 * URL, so the next start on the same bucket finds what a crash left behind.
 */
function defaultSpoolDir(bucket: Bucket): string {
  if (bucket instanceof FolderBucket) return join(bucket.root, '.spool');
  const name = createHash('sha256').update(bucket.url).digest('hex').slice(0, 16);
  return join(tmpdir(), 'firn-collector-spool', name);
}
