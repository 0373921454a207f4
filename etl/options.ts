/**
 * `firn etl` options → a resolved, readonly configuration (STYLE rule 13). Every error names
 * the option, quotes the value and says what is accepted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative, resolve, isAbsolute } from 'node:path';
import { OptionError, booleanOption, intOption, stringOption, type RawOptions } from '../node/options.ts';
import { ConfigError, type EnrichmentConfig } from '../wasm/binding/config.ts';
import { readEnrichmentConfig } from '../wasm/binding/config-json.ts';
import { isDateText } from './dates.ts';

export interface ResolvedEtlOptions {
  readonly in: string;
  readonly out: string;
  readonly since: string | undefined;
  readonly until: string | undefined;
  readonly workers: number;
  /** The parser's settings: `--enrichments FILE`, with `--anonymize-ip` over its `ip.anonymizeOctets`. */
  readonly enrichments: EnrichmentConfig;
  readonly dryRun: boolean;
  readonly json: boolean;
}

const BUCKET = 'a folder or s3://bucket/prefix';

export function resolveEtlOptions(options: RawOptions): ResolvedEtlOptions {
  const input = stringOption(options, 'in', undefined, `${BUCKET} holding raw .gz logs`);
  const output = stringOption(options, 'out', undefined, `${BUCKET} for the lake`);
  for (const [flag, url] of [['--in', input], ['--out', output]] as const)
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('s3://')) throw new OptionError(`${flag}: ${JSON.stringify(url)} is not ${BUCKET}`);
  if (!input.startsWith('s3://') && !existsSync(input)) throw new OptionError(`--in: ${JSON.stringify(input)} does not exist (accepted: ${BUCKET} holding raw .gz logs)`);
  const withSlash = (url: string): string => (url.endsWith('/') ? url : url + '/');
  const inside = input.startsWith('s3://') || output.startsWith('s3://')
    ? withSlash(output).startsWith(withSlash(input))
    : ((rel) => rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)))(relative(resolve(input), resolve(output)));
  if (inside) throw new OptionError(`--out: ${JSON.stringify(output)} is inside --in ${JSON.stringify(input)}: the lake's .gz parts would be read as logs (accepted: a place outside the logs)`);
  const since = dateOption(options, 'since');
  const until = dateOption(options, 'until');
  if (since && until && since > until) throw new OptionError(`--since: ${JSON.stringify(since)} is after --until ${JSON.stringify(until)} (accepted: a range of dates, --since first)`);
  return {
    in: input,
    out: output,
    since,
    until,
    workers: options['workers'] === undefined ? availableParallelism() : intOption(options, 'workers', 1, 256),
    enrichments: enrichmentsOption(options),
    dryRun: booleanOption(options, 'dryRun'),
    json: booleanOption(options, 'json'),
  };
}

function dateOption(options: RawOptions, name: 'since' | 'until'): string | undefined {
  const raw = options[name];
  if (raw === undefined) return undefined;
  const text = typeof raw === 'string' ? raw : String(raw);
  if (!isDateText(text)) throw new OptionError(`--${name}: ${JSON.stringify(raw)} is not a date (accepted: YYYY-MM-DD, e.g. 2025-11-28)`);
  return text;
}

function enrichmentsOption(options: RawOptions): EnrichmentConfig {
  const file = options['enrichments'] === undefined ? undefined : stringOption(options, 'enrichments', undefined, 'a JSON file of enrichment settings');
  if (file !== undefined && !existsSync(file)) throw new OptionError(`--enrichments: ${JSON.stringify(file)} does not exist (accepted: a JSON file of enrichment settings, see etl/README.md)`);
  const anonymizeOctets = options['anonymizeIp'] === undefined ? undefined : intOption(options, 'anonymizeIp', 0, 4);
  try {
    return readEnrichmentConfig(file === undefined ? '{}' : readFileSync(file, 'utf8'), anonymizeOctets);
  } catch (e) {
    if (e instanceof ConfigError) throw new OptionError(`--enrichments ${JSON.stringify(file)}: ${e.message}`);
    throw e;
  }
}
