/**
 * `firn collector`: runs the local collector with the built tracker until SIGINT or SIGTERM,
 * then delivers every logged line and exits. A second signal stops at once; the lines still in
 * the spool are delivered by the next start.
 */
import { existsSync } from 'node:fs';
import type { Logger } from '../../node/logger.ts';
import { intOption, stringOption, type RawOptions } from '../../node/options.ts';
import { distPath } from '../../node/paths.ts';
import { startCollector } from './collector.ts';
import { DISTRIBUTION_ID, DOMAIN, EDGE_LOCATION } from './config.ts';

export async function runCollector(options: RawOptions, logger: Logger): Promise<void> {
  const trackerFile = distPath('firn.js');
  if (!existsSync(trackerFile)) logger.warn(`${trackerFile} is missing, so /firn.js answers 404 until \`npm run build\` makes it`);
  const collector = await startCollector({
    host: stringOption(options, 'host'),
    port: intOption(options, 'port', 0, 65535),
    logs: stringOption(options, 'logs'),
    rotateSeconds: intOption(options, 'rotate', 1, 86400),
    distributionId: stringOption(options, 'distributionId', DISTRIBUTION_ID.pattern, DISTRIBUTION_ID.accepted),
    edgeLocation: stringOption(options, 'edgeLocation', EDGE_LOCATION.pattern, EDGE_LOCATION.accepted),
    ...(options['domain'] === undefined ? {} : { domain: stringOption(options, 'domain', DOMAIN.pattern, DOMAIN.accepted) }),
    trackerFile,
    logger,
    onDelivered: (keys) => logger.info(`delivered ${keys.join(', ')}`),
  });
  const { url, config } = collector;
  logger.info(`firn collector listening on ${url}`);
  logger.info(`  pixel    ${url}/i`);
  logger.info(`  tracker  ${url}/firn.js`);
  logger.info(`  logs     ${config.bucket.url} (every ${config.rotateSeconds} s; lines wait in ${config.spoolDir})`);
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
