/**
 * `firn collector`: runs the local collector until SIGINT or SIGTERM, then delivers every logged
 * line and exits. A second signal stops at once; the lines still in the spool are delivered by
 * the next start.
 */
import { existsSync } from 'node:fs';
import type { Logger } from '../../node/logger.ts';
import { booleanOption, intOption, OptionError, stringOption, type RawOptions } from '../../node/options.ts';
import { distPath } from '../../node/paths.ts';
import { startCollector } from './collector.ts';
import { DISTRIBUTION_ID, DOMAIN, EDGE_LOCATION, isLoopback, MAX_FILE_BYTES } from './config.ts';
import { HITS_PATH, RESET_PATH, STREAM_PATH } from './live/api.ts';

export async function runCollector(options: RawOptions, logger: Logger): Promise<void> {
  const host = stringOption(options, 'host');
  const trackerFile = trackerOption(options['serveTracker']);
  if (trackerFile && !existsSync(trackerFile)) logger.warn(`${trackerFile} is missing, so /firn.js answers 404 until it exists (\`npm run build\` makes dist/firn.js)`);
  const stream = streamOption(options['stream']);
  const collector = await startCollector({
    host,
    port: intOption(options, 'port', 0, 65535),
    logs: stringOption(options, 'logs', undefined, 'a folder path or s3://bucket/prefix'),
    rotateSeconds: intOption(options, 'rotate', 1, 86400),
    maxFileBytes: intOption(options, 'maxFileBytes', MAX_FILE_BYTES.min, MAX_FILE_BYTES.max),
    distributionId: stringOption(options, 'distributionId', DISTRIBUTION_ID.pattern, DISTRIBUTION_ID.accepted),
    edgeLocation: stringOption(options, 'edgeLocation', EDGE_LOCATION.pattern, EDGE_LOCATION.accepted),
    ...(options['domain'] === undefined ? {} : { domain: stringOption(options, 'domain', DOMAIN.pattern, DOMAIN.accepted) }),
    ...(options['spool'] === undefined ? {} : { spoolDir: stringOption(options, 'spool', undefined, 'a folder path') }),
    ...(trackerFile ? { trackerFile } : {}),
    logCookies: booleanOption(options, 'logCookies'),
    trustProxy: booleanOption(options, 'trustProxy'),
    ...(stream === undefined ? {} : { stream }),
    testApi: booleanOption(options, 'testApi'),
    logger,
    onDelivered: (keys) => logger.info(`delivered ${keys.join(', ')}`),
  });
  const { url, config } = collector;
  logger.info(`firn collector listening on ${url}`);
  logger.info(`  pixel    ${url}/i`);
  if (config.trackerFile) logger.info(`  tracker  ${url}/firn.js`);
  if (config.stream) logger.info(`  stream   ${url}${STREAM_PATH}  (watch it: npx firn inspect --url ${url})`);
  if (config.testApi) logger.info(`  test API ${url}${HITS_PATH}, POST ${url}${RESET_PATH}`);
  logger.info(`  logs     ${config.bucket.url} (every ${config.rotateSeconds} s or ${config.maxFileBytes} bytes; lines wait in ${config.spoolDir})`);
  if ((config.stream || config.testApi) && !isLoopback(host))
    logger.warn(`${host} is not a loopback address: anyone who reaches it can read every hit (IP addresses, user agents${config.logCookies ? ', cookies' : ''}) from ${config.stream ? STREAM_PATH : HITS_PATH}`);
  logger.info('Press Ctrl+C to deliver the last lines and stop.');

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals): void => {
      // Unlisten both, so a second signal of either kind gets Node's default: exit now.
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(received);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  logger.info(`${signal}: delivering the last log lines`);
  await collector.close();
}

/** `--serve-tracker [file]`: off, on (the built `dist/firn.js`), or the file given. */
function trackerOption(raw: unknown): string | null {
  if (raw === undefined || raw === false) return null;
  if (raw === true) return distPath('firn.js');
  if (typeof raw === 'string' && raw !== '') return raw;
  throw new OptionError(`--serve-tracker: ${JSON.stringify(raw)} is not a file path (or nothing, for dist/firn.js)`);
}

/** `--stream auto|on|off`; `auto` (undefined) lets the collector decide by the host. */
function streamOption(raw: unknown): boolean | undefined {
  if (raw === undefined || raw === 'auto') return undefined;
  if (raw === 'on' || raw === true) return true;
  if (raw === 'off') return false;
  throw new OptionError(`--stream: ${JSON.stringify(raw)} is not auto, on or off`);
}
