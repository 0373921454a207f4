/**
 * `firn <command>`: parses typed flags, lazy-imports the command, and turns any failure into
 * one `error when <doing X>:` line and exit code 1. Commands live beside the part they drive.
 */
import { cac } from 'cac';
import { createLogger } from './logger.ts';
import { version } from './paths.ts';

const cli = cac('firn');
const logger = createLogger();

/** Runs a command; the one place a command's error is reported. */
function action<A extends unknown[]>(doing: string, run: (...args: A) => Promise<number | void>) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await run(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (e) {
      logger.error(`when ${doing}`, e);
      process.exit(1);
    }
  };
}

cli
  .command('collector', 'Run a local CloudFront-like collector: serves the pixel, writes CloudFront access logs to a folder or S3, streams hits live')
  .option('--host <host>', '[string] interface to listen on', { default: '127.0.0.1' })
  .option('--port <port>', '[number] port to listen on (0: any free port)', { default: 8080 })
  .option('--logs <dir|s3-url>', '[dir|s3://bucket/prefix] where rotated .gz log files are delivered (S3: endpoint, region and credentials from the AWS environment)', { default: 'data/logs' })
  .option('--rotate <seconds>', '[number] deliver the logged lines every N seconds', { default: 60 })
  .option('--max-file-bytes <bytes>', '[number] also deliver as soon as a file would exceed this many bytes of log text', { default: 64 * 1024 * 1024 })
  .option('--spool <dir>', '[dir] where lines wait for delivery (default: <logs>/.spool for a folder, ~/.local/state/firn/collector-spool/<hash> for S3)')
  .option('--distribution-id <id>', '[string] distribution id in log file names', { default: 'EFIRNLOCAL0000' })
  .option('--edge-location <code>', '[string] x-edge-location field value', { default: 'LOC1' })
  .option('--domain <name>', "[string] cs(Host) field value, the distribution's own domain (default: <distribution-id lowercased>.cloudfront.net)")
  .option('--log-cookies', '[boolean] log the Cookie header in cs(Cookie), like CloudFront with cookie logging on (default: false)')
  .option('--trust-proxy', '[boolean] behind a reverse proxy: log its X-Forwarded-For in x-forwarded-for and X-Forwarded-Proto in cs-protocol (default: false)')
  .option('--serve-tracker [file]', '[file] serve a tracker bundle at /firn.js: the file given, or without one the built dist/firn.js (default: off)')
  .option('--stream <mode>', '[auto|on|off] serve /firn/stream, every logged hit live as Server-Sent Events (default: auto, on when --host is a loopback address)')
  .option('--test-api', '[boolean] serve the test API: GET /firn/hits, POST /firn/reset (default: false)')
  .action(
    action('running the collector', async (options: Record<string, unknown>) => {
      const { runCollector } = await import('../infra/collector/command.ts');
      return runCollector(options, logger);
    }),
  );

cli
  .command('inspect', "Watch a collector's hits live in the terminal: each logged line with the parser's good/bad verdict and reasons")
  .option('--url <url>', '[url] the collector', { default: 'http://127.0.0.1:8080' })
  .option('--params', '[boolean] also list every decoded tracker parameter (default: false)')
  .option('--json', '[boolean] print each hit as one JSON line on stdout instead (default: false)')
  .option('--color <mode>', '[auto|on|off] colours (default: auto, on for a terminal unless NO_COLOR is set)')
  .action(
    action('inspecting the collector stream', async (options: Record<string, unknown>) => {
      const { runInspect } = await import('../infra/inspect/command.ts');
      return runInspect(options, logger);
    }),
  );

cli
  .command('etl', 'Turn raw CloudFront logs into deduplicated, date-partitioned canonical event files and bad rows, exactly once')
  .option('--in <dir|s3-url>', '[dir|s3://bucket/prefix] raw .gz logs to read, never modified (S3: endpoint, region and credentials from the AWS environment)', { default: 'data/logs' })
  .option('--out <dir|s3-url>', '[dir|s3://bucket/prefix] the lake: events/, bad/, _manifest/ and the ETL\'s state', { default: 'data/lake' })
  .option('--since <date>', '[YYYY-MM-DD] only logs whose file name dates from this day on (default: no limit)')
  .option('--until <date>', '[YYYY-MM-DD] only logs whose file name dates up to this day, inclusive (default: no limit)')
  .option('--workers <n>', '[number] worker threads parsing logs in parallel, 1 to 256 (default: the number of cores)')
  .option('--anonymize-ip <n>', '[number] IPv4 octets (and as many IPv6 groups) replaced by x, from the right, 0 to 4 (default: 0)')
  .option('--enrichments <file>', '[file] JSON enrichment settings: switch enrichments off, campaign parameters, click ids, internal domains, fingerprint, IP (default: all on, as documented in etl/README.md)')
  .option('--dry-run', '[boolean] read, parse and count everything, write nothing (default: false)')
  .option('--json', '[boolean] print the summary as JSON on stdout (default: false)')
  .action(
    action('running the ETL', async (options: Record<string, unknown>) => {
      const { runEtlCommand } = await import('../etl/command.ts');
      return runEtlCommand(options, logger);
    }),
  );

cli
  .command('demo', 'Run everything on this machine: collector, a demo page with the tracker, the ETL on every rotation, and the playground')
  .option('--data <dir>', '[dir] where logs and events go', { default: 'data' })
  .option('--port <port>', '[number] port of the demo page and playground', { default: 5173 })
  .option('--collector-port <port>', '[number] port of the collector', { default: 8080 })
  .option('--rotate <seconds>', '[number] deliver logs and run the ETL every N seconds', { default: 5 })
  .action(
    action('running the demo', async (options: Record<string, unknown>) => {
      const { runDemo } = await import('../demo/command.ts');
      return runDemo(options, logger);
    }),
  );

cli.help();
cli.version(version);

const parsed = cli.parse(process.argv, { run: false });
if (cli.matchedCommand) await cli.runMatchedCommand();
else if (parsed.args.length > 0) {
  logger.error(`when reading the command line: unknown command ${JSON.stringify(parsed.args[0])} (accepted: collector, inspect, etl, demo; see firn --help)`);
  process.exit(1);
} else if (!parsed.options['help'] && !parsed.options['version']) cli.outputHelp();
