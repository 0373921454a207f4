/**
 * What a caller may pass to `startCollector`, and the checked, defaulted, read-only form the
 * collector runs on (STYLE 13). Defaults match the `firn collector` flags in `node/cli.ts`.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { openBucket, type Bucket, type S3BucketOptions } from '../../node/bucket/index.ts';
import { FolderBucket } from '../../node/bucket/folder.ts';
import type { Logger } from '../../node/logger.ts';

export interface CollectorConfig {
  /** Interface to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one (read it back from `Collector.port`). Default 8080. */
  readonly port?: number;
  /** Where rotated `.gz` files are delivered: a folder path, or `s3://bucket/prefix`. */
  readonly logs: string;
  /** For an `s3://` `logs`: endpoint, region, credentials (default: the AWS chain and environment). */
  readonly s3?: S3BucketOptions;
  /** Deliver the spooled lines every this many seconds, 1 to 86400. Default 60. */
  readonly rotateSeconds?: number;
  /**
   * Also deliver a segment as soon as its lines reach this many bytes (uncompressed), so no
   * delivered file holds more unless one line alone is longer. 1024 to 1 GiB. Default 64 MiB.
   */
  readonly maxFileBytes?: number;
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
  /** Log the `Cookie` header in `cs(Cookie)`, as CloudFront's "include cookies" does. Default false (`-`). */
  readonly logCookies?: boolean;
  /**
   * The collector sits behind a proxy: log its `X-Forwarded-For` in `x-forwarded-for` and take
   * `cs-protocol` from `X-Forwarded-Proto`. Default false: clients could forge both.
   */
  readonly trustProxy?: boolean;
  /**
   * Serve `GET /firn/stream`, every logged line as Server-Sent Events. It shows visitors' IP
   * addresses and user agents to whoever can reach the collector, so the default is on only
   * when `host` is a loopback address.
   */
  readonly stream?: boolean;
  /** Serve the test API (`GET /firn/hits`, `POST /firn/reset`). Default false. */
  readonly testApi?: boolean;
  /** Hits the test API keeps, newest first; older ones are dropped and counted. Default 10000. */
  readonly testApiMaxHits?: number;
  /** Backoff between delivery attempts while the bucket fails: first wait, doubling up to the max. Default 1 s to 60 s. */
  readonly retry?: { readonly firstMs?: number; readonly maxMs?: number };
  readonly logger: Logger;
  /**
   * Where lines wait for delivery. Default `<logs>/.spool` for a folder bucket (so the lines
   * of one bucket stay with it and a restart finds them), else a folder named after the bucket
   * URL under `$XDG_STATE_HOME/firn/collector-spool` (`~/.local/state/…`): not the OS temp
   * dir, which a reboot may empty with the undelivered lines in it.
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
  readonly maxFileBytes: number;
  readonly distributionId: string;
  readonly edgeLocation: string;
  readonly domain: string;
  readonly trackerFile: string | null;
  readonly logCookies: boolean;
  readonly trustProxy: boolean;
  readonly stream: boolean;
  readonly testApi: boolean;
  readonly testApiMaxHits: number;
  readonly retry: { readonly firstMs: number; readonly maxMs: number };
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

/** `--max-file-bytes`: bounds and default. */
export const MAX_FILE_BYTES = { min: 1024, max: 1024 ** 3, default: 64 * 1024 ** 2 } as const;

/** Checks every option; the error names the option, quotes the value and says what is accepted. */
export function resolveCollectorConfig(config: CollectorConfig): Readonly<ResolvedCollectorConfig> {
  const host = check('host', config.host ?? '127.0.0.1', (v) => typeof v === 'string' && v !== '', 'a non-empty string');
  const port = check('port', config.port ?? 8080, (v) => Number.isInteger(v) && v >= 0 && v <= 65535, 'an integer from 0 to 65535');
  const logs = check('logs', config.logs, (v) => typeof v === 'string' && v !== '', 'a folder path or s3://bucket/prefix');
  const rotateSeconds = check('rotateSeconds', config.rotateSeconds ?? 60, (v) => Number.isInteger(v) && v >= 1 && v <= 86400, 'an integer from 1 to 86400');
  const maxFileBytes = check('maxFileBytes', config.maxFileBytes ?? MAX_FILE_BYTES.default, (v) => Number.isInteger(v) && v >= MAX_FILE_BYTES.min && v <= MAX_FILE_BYTES.max, `an integer from ${MAX_FILE_BYTES.min} to ${MAX_FILE_BYTES.max}`);
  const distributionId = check('distributionId', config.distributionId ?? 'EFIRNLOCAL0000', (v) => typeof v === 'string' && DISTRIBUTION_ID.pattern.test(v), DISTRIBUTION_ID.accepted);
  const edgeLocation = check('edgeLocation', config.edgeLocation ?? 'LOC1', (v) => typeof v === 'string' && EDGE_LOCATION.pattern.test(v), EDGE_LOCATION.accepted);
  const domain = check('domain', config.domain ?? `${distributionId.toLowerCase()}.cloudfront.net`, (v) => typeof v === 'string' && DOMAIN.pattern.test(v), DOMAIN.accepted);
  const trackerFile = config.trackerFile === undefined ? null : resolve(check('trackerFile', config.trackerFile, (v) => typeof v === 'string' && v !== '', 'a file path'));
  const flag = (name: 'logCookies' | 'trustProxy' | 'stream' | 'testApi', fallback: boolean): boolean => check(name, config[name] ?? fallback, (v) => typeof v === 'boolean', 'true or false');
  const testApiMaxHits = check('testApiMaxHits', config.testApiMaxHits ?? 10_000, (v) => Number.isInteger(v) && v >= 1 && v <= 1_000_000, 'an integer from 1 to 1000000');
  const firstMs = check('retry.firstMs', config.retry?.firstMs ?? 1000, (v) => Number.isInteger(v) && v >= 1 && v <= 3_600_000, 'an integer from 1 to 3600000');
  const maxMs = check('retry.maxMs', config.retry?.maxMs ?? 60_000, (v) => Number.isInteger(v) && v >= firstMs && v <= 3_600_000, `an integer from retry.firstMs (${firstMs}) to 3600000`);
  const bucket = openLogs(logs, config.s3);
  const spoolDir = resolve(config.spoolDir ?? defaultSpoolDir(bucket));
  return Object.freeze({
    host,
    port,
    bucket,
    rotateSeconds,
    maxFileBytes,
    distributionId,
    edgeLocation,
    domain,
    trackerFile,
    logCookies: flag('logCookies', false),
    trustProxy: flag('trustProxy', false),
    stream: flag('stream', isLoopback(host)),
    testApi: flag('testApi', false),
    testApiMaxHits,
    retry: Object.freeze({ firstMs, maxMs }),
    logger: config.logger,
    spoolDir,
    onDelivered: config.onDelivered ?? null,
    now: config.now ?? (() => new Date()),
  });
}

function openLogs(logs: string, s3: S3BucketOptions | undefined): Bucket {
  try {
    return openBucket(logs, s3 ? { s3 } : {});
  } catch (e) {
    throw new CollectorConfigError(`collector option logs: ${(e as Error).message}`, { cause: e });
  }
}

function check<T>(name: string, value: T, ok: (value: T) => boolean, accepted: string): T {
  if (!ok(value)) throw new CollectorConfigError(`collector option ${name}: ${JSON.stringify(value)} is not ${accepted}`);
  return value;
}

/**
 * A dot folder inside a folder bucket; other buckets get a folder named after the bucket URL
 * in the user's state directory, so the next start on the same bucket finds what a crash (or
 * an S3 outage) left behind, even after a reboot.
 */
function defaultSpoolDir(bucket: Bucket, env: NodeJS.ProcessEnv = process.env): string {
  if (bucket instanceof FolderBucket) return join(bucket.root, '.spool');
  const name = createHash('sha256').update(bucket.url).digest('hex').slice(0, 16);
  const state = env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state');
  return join(state, 'firn', 'collector-spool', name);
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can reach the server. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '::ffff:127.0.0.1';
}
