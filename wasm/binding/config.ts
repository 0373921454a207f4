/**
 * Enrichment settings, and their encoding for the parser: a small binary blob the wasm reads
 * once per configure() (wasm/assembly/config.ts). Every enrichment can be switched off.
 */

/** The five campaign columns, in the order the parser numbers them. */
export const CAMPAIGN_FIELDS = ['medium', 'source', 'term', 'content', 'campaign'] as const;
export type CampaignField = (typeof CAMPAIGN_FIELDS)[number];
/** event_fingerprint's hashes, the default first. */
export const FINGERPRINT_ALGORITHMS = ['xxh3', 'murmur3', 'md5'] as const;
export type FingerprintAlgorithm = (typeof FINGERPRINT_ALGORITHMS)[number];

export interface EnrichmentConfig {
  /** Page and referrer URL → scheme, host, port, path, query, fragment (default on). */
  readonly urlSplit?: boolean;
  /**
   * `mkt_*` from the page URL's query: per column, parameter names in priority order (the first
   * present wins), and click-id parameters with their network. `false` switches it off.
   */
  readonly campaign?: false | { readonly fields?: Partial<Record<CampaignField, readonly string[]>>; readonly clickIds?: Readonly<Record<string, string>> };
  /** refr_medium/source/term from the built-in referer table; `internalDomains` also count as internal. */
  readonly referer?: false | { readonly internalDomains?: readonly string[] };
  /** Browser, OS and device columns from the User-Agent (default on). */
  readonly userAgent?: boolean;
  /**
   * event_fingerprint: a hash of the sorted parameters, leaving out `exclude` (default `eid`,
   * `stm`: a resend keeps its fingerprint). `algorithm`: `xxh3` (default: XXH3 128, the fastest),
   * `murmur3` (MurmurHash3 x64 128, Firn's default before 2026-12: for values identical to
   * earlier output) or `md5`, the classic ETL's, for values identical to Snowplow's.
   */
  readonly fingerprint?: false | { readonly exclude?: readonly string[]; readonly algorithm?: FingerprintAlgorithm };
  /** refr_domain_userid / refr_dvce_tstamp from `_sp` on the page URL (default on). */
  readonly crossDomain?: boolean;
  readonly ip?: {
    /** Take the first x-forwarded-for address instead of c-ip. Off by default: viewers can set it. */
    readonly useForwardedFor?: boolean;
    /** IPv4 octets replaced by `x`, from the right (0–4). */
    readonly anonymizeOctets?: number;
    /** IPv6 groups replaced by `x`, from the right (0–8; default: as many as octets). */
    readonly anonymizeSegments?: number;
  };
}

/** Defaults of the classic ETL's example configuration (enrichments.md §6, §10). */
export const DEFAULT_CAMPAIGN_FIELDS: Readonly<Record<CampaignField, readonly string[]>> = {
  medium: ['utm_medium'],
  source: ['utm_source'],
  term: ['utm_term'],
  content: ['utm_content'],
  campaign: ['utm_campaign'],
};
export const DEFAULT_CLICK_IDS: Readonly<Record<string, string>> = { gclid: 'Google', msclkid: 'Microsoft', dclid: 'DoubleClick', fbclid: 'Facebook' };
export const DEFAULT_FINGERPRINT_EXCLUDE: readonly string[] = ['eid', 'stm'];

/**
 * The blob's record kinds and flag bits: defined here once; the parser's AssemblyScript enums are
 * generated from these (wasm/gen.ts → wasm/assembly/generated/config.ts).
 */
export const CONFIG_RECORDS = {
  flags: 1,
  anonymize: 2,
  campaignName: 3,
  clickId: 4,
  internalDomain: 5,
  fingerprintExclude: 6,
} as const;
type RecordKind = (typeof CONFIG_RECORDS)[keyof typeof CONFIG_RECORDS];
const Record_ = CONFIG_RECORDS;

export const CONFIG_FLAGS = {
  urlSplit: 1,
  campaign: 2,
  referer: 4,
  userAgent: 8,
  fingerprint: 16,
  crossDomain: 32,
  forwardedFor: 64,
  fingerprintMd5: 128,
  fingerprintMurmur3: 256,
} as const;
const Flag = CONFIG_FLAGS;

const encoder = new TextEncoder();

export class ConfigError extends Error {}

/** The blob: records of [u8 kind][u16 length][bytes]. */
export function encodeConfig(config: EnrichmentConfig = {}): Uint8Array {
  const out: number[] = [];
  const record = (kind: RecordKind, bytes: readonly number[] | Uint8Array): void => {
    if (bytes.length > 0xffff) throw new ConfigError(`enrichment setting too long (${bytes.length} bytes)`);
    out.push(kind, bytes.length & 0xff, bytes.length >> 8, ...bytes);
  };
  const text = (s: string, what: string): Uint8Array => {
    if (s === '' || s.length > 255) throw new ConfigError(`${what}: ${JSON.stringify(s)} must be 1 to 255 characters`);
    return encoder.encode(s);
  };
  let flags = 0;
  if (config.urlSplit !== false) flags |= Flag.urlSplit;
  if (config.campaign !== false) flags |= Flag.campaign;
  if (config.referer !== false) flags |= Flag.referer;
  if (config.userAgent !== false) flags |= Flag.userAgent;
  if (config.fingerprint !== false) flags |= Flag.fingerprint;
  if (config.crossDomain !== false) flags |= Flag.crossDomain;
  if (config.ip?.useForwardedFor) flags |= Flag.forwardedFor;
  const algorithm = config.fingerprint === false ? undefined : config.fingerprint?.algorithm;
  if (algorithm !== undefined && !(FINGERPRINT_ALGORITHMS as readonly string[]).includes(algorithm)) throw new ConfigError(`fingerprint.algorithm: ${JSON.stringify(algorithm)} is not one of ${FINGERPRINT_ALGORITHMS.join(', ')}`);
  if (algorithm === 'md5') flags |= Flag.fingerprintMd5;
  if (algorithm === 'murmur3') flags |= Flag.fingerprintMurmur3;
  record(Record_.flags, [flags & 0xff, (flags >> 8) & 0xff, 0, 0]);

  const octets = config.ip?.anonymizeOctets ?? 0;
  const segments = config.ip?.anonymizeSegments ?? octets;
  if (!Number.isInteger(octets) || octets < 0 || octets > 4) throw new ConfigError(`ip.anonymizeOctets: ${JSON.stringify(octets)} is not an integer from 0 to 4`);
  if (!Number.isInteger(segments) || segments < 0 || segments > 8) throw new ConfigError(`ip.anonymizeSegments: ${JSON.stringify(segments)} is not an integer from 0 to 8`);
  record(Record_.anonymize, [octets, segments]);

  if (config.campaign !== false) {
    const fields = { ...DEFAULT_CAMPAIGN_FIELDS, ...config.campaign?.fields };
    CAMPAIGN_FIELDS.forEach((field, f) => fields[field].forEach((name, rank) => record(Record_.campaignName, [f, Math.min(rank, 255), ...text(name, `campaign.fields.${field}`)])));
    for (const [param, network] of Object.entries(config.campaign?.clickIds ?? DEFAULT_CLICK_IDS)) {
      const p = text(param, 'campaign.clickIds');
      record(Record_.clickId, [p.length, ...p, ...text(network, `campaign.clickIds.${param}`)]);
    }
  }
  if (config.referer !== false) for (const d of config.referer?.internalDomains ?? []) record(Record_.internalDomain, text(d, 'referer.internalDomains'));
  if (config.fingerprint !== false) for (const n of config.fingerprint?.exclude ?? DEFAULT_FINGERPRINT_EXCLUDE) record(Record_.fingerprintExclude, text(n, 'fingerprint.exclude'));
  return Uint8Array.from(out);
}
