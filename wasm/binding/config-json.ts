/**
 * Enrichment settings from JSON (`firn etl --enrichments FILE`, the Lambda's FIRN_ENRICHMENTS):
 * the shape of `EnrichmentConfig` checked key by key, so a typo is an error naming the key and
 * the accepted ones instead of a setting silently ignored. Values are range-checked by
 * `encodeConfig`, in one place.
 */
import { CAMPAIGN_FIELDS, ConfigError, FINGERPRINT_ALGORITHMS, encodeConfig, type EnrichmentConfig } from './config.ts';

type Check = (value: unknown, at: string) => void;

const is = (type: 'boolean' | 'number' | 'string'): Check => (value, at) => {
  if (typeof value !== type) fail(at, value, `a ${type}`);
};
const oneOf = (...accepted: string[]): Check => (value, at) => {
  if (typeof value !== 'string' || !accepted.includes(value)) fail(at, value, `one of ${accepted.join(', ')}`);
};
const strings: Check = (value, at) => {
  if (!Array.isArray(value)) fail(at, value, 'an array of strings');
  value.forEach((item: unknown, i: number) => is('string')(item, `${at}[${i}]`));
};
const object = (keys: Readonly<Record<string, Check>>): Check => (value, at) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(at, value, 'an object');
  for (const [key, item] of Object.entries(value)) {
    const check = keys[key];
    if (!check) throw new ConfigError(`${at ? at + '.' : ''}${key}: unknown setting (accepted: ${Object.keys(keys).join(', ')})`);
    check(item, at ? `${at}.${key}` : key);
  }
};
const record = (values: Check): Check => (value, at) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(at, value, 'an object');
  for (const [key, item] of Object.entries(value)) values(item, `${at}.${key}`);
};
/** `false` switches an enrichment off; otherwise its settings. */
const offOr = (settings: Check): Check => (value, at) => {
  if (value !== false) settings(value, at);
};

function fail(at: string, value: unknown, accepted: string): never {
  throw new ConfigError(`${at || 'enrichment settings'}: ${JSON.stringify(value)} is not ${accepted}`);
}

/**
 * The checkers mirror `EnrichmentConfig` key for key; `satisfies` makes the compiler reject a key
 * missing here or not in the interface, so the two cannot drift apart.
 */
type Keys<T> = Record<keyof NonNullable<Exclude<T, false>>, Check>;
const checkConfig = object({
  urlSplit: is('boolean'),
  campaign: offOr(object({ fields: object(Object.fromEntries(CAMPAIGN_FIELDS.map((f) => [f, strings]))), clickIds: record(is('string')) } satisfies Keys<EnrichmentConfig['campaign']>)),
  referer: offOr(object({ internalDomains: strings } satisfies Keys<EnrichmentConfig['referer']>)),
  userAgent: is('boolean'),
  fingerprint: offOr(object({ exclude: strings, algorithm: oneOf(...FINGERPRINT_ALGORITHMS) } satisfies Keys<EnrichmentConfig['fingerprint']>)),
  crossDomain: is('boolean'),
  ip: object({ useForwardedFor: is('boolean'), anonymizeOctets: is('number'), anonymizeSegments: is('number') } satisfies Keys<EnrichmentConfig['ip']>),
} satisfies Keys<EnrichmentConfig>);

/** Parses and checks JSON text; throws ConfigError naming the first wrong setting. */
export function parseEnrichmentConfig(text: string): EnrichmentConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`enrichment settings are not JSON: ${(e as Error).message}`);
  }
  checkConfig(value, '');
  return value as EnrichmentConfig;
}

/**
 * Settings as a command reads them (`firn etl --enrichments`, the Lambda's FIRN_ENRICHMENTS):
 * parsed, with `anonymizeOctets` (a separate option, when given) over their `ip.anonymizeOctets`,
 * and every value checked now rather than in each worker. Throws ConfigError.
 */
export function readEnrichmentConfig(text: string, anonymizeOctets?: number): EnrichmentConfig {
  let config = parseEnrichmentConfig(text);
  if (anonymizeOctets !== undefined) config = { ...config, ip: { ...config.ip, anonymizeOctets } };
  encodeConfig(config);
  return config;
}
