/**
 * `firn demo` (what `npm start` runs): the whole product on one machine, no account, no service.
 * The collector writes CloudFront logs to <data>/logs, the ETL turns each delivery into events
 * under <data>/lake, and one static server shows the demo site and the playground over that lake.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCollector } from '../infra/collector/index.ts';
import { openBucket } from '../node/bucket/index.ts';
import type { Logger } from '../node/logger.ts';
import { intOption, stringOption, type RawOptions } from '../node/options.ts';
import { distPath } from '../node/paths.ts';
import { serveStatic } from '../node/static.ts';
import { describe } from '../etl/command.ts';
import { runEtl } from '../etl/run.ts';
import { demoPage } from './page.ts';

export async function runDemo(options: RawOptions, logger: Logger): Promise<void> {
  const data = stringOption(options, 'data');
  const port = intOption(options, 'port', 0, 65535);
  const collectorPort = intOption(options, 'collectorPort', 0, 65535);
  const rotateSeconds = intOption(options, 'rotate', 1, 3600);
  for (const artifact of ['firn.js', 'firn.wasm', 'playground/index.html']) {
    if (!existsSync(distPath(artifact))) throw new Error(`dist/${artifact} is missing: run \`npm run build\` (npm start does)`);
  }
  const logs = join(data, 'logs');
  const lake = openBucket(join(data, 'lake'));

  // One ETL at a time; deliveries during a run are picked up by one more run after it.
  let running: Promise<void> | undefined;
  let again = false;
  const etl = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const summary = await runEtl({ input: openBucket(logs), output: lake, logger });
        if (summary.files > 0 || summary.failed.length > 0) logger.info(`etl: ${describe(summary, lake.url)}`);
      } while (again);
    })().finally(() => (running = undefined));
    return running;
  };

  const collector = await startCollector({
    host: '127.0.0.1',
    port: collectorPort,
    logs,
    rotateSeconds,
    trackerFile: distPath('firn.js'),
    logger,
    onDelivered: () => void etl().catch((e: unknown) => logger.error('when running the ETL', e)),
  });
  await etl(); // an empty lake is still a lake: the playground opens on it before the first hit

  const playground = '/playground/?data=/data/lake/';
  const links = [['/', 'Home'], ['/pricing', 'Pricing'], ['/docs', 'Docs']] as const;
  const pages = Object.fromEntries(links.map(([href, text]) => [href, demoPage(`Firn demo: ${text}`, collector.url, links, playground)]));
  const site = await serveStatic({ '/playground/': distPath('playground'), '/data/': data }, { port, pages });

  logger.info(`Firn is running (data in ${data}/):`);
  logger.info(`  demo site   ${site.url}/`);
  logger.info(`  playground  ${site.url}${playground}`);
  logger.info(`  collector   ${collector.url}  (logs rotate every ${rotateSeconds} s, then the ETL runs)`);
  logger.info('Visit the demo site, wait for a rotation, then run SQL in the playground. Ctrl+C delivers the last hits and stops.');

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  logger.info('stopping: delivering the last hits and processing them');
  await collector.close();
  await etl();
  await site.close();
}
