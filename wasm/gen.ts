/**
 * Generates the parser's AssemblyScript view of the contract (`wasm/assembly/generated/contract.ts`)
 * from `contract/`, at build time. The parser has no hand-written copy of a column, parameter,
 * log field or event code: renaming one in `contract/` changes the wasm on the next build.
 */
import { COLUMNS, EVENT_TYPES, LOG_FIELDS, PARAM_KINDS, PARAMS, PLATFORMS, COLUMN_INDEX } from '../contract/index.ts';
import { REFERERS } from './data/referers.ts';
import { BOT_TOKENS, BROWSER_RULES, OS_RULES, WINDOWS_NAMES } from './data/useragents.ts';
import { CONFIG_FLAGS, CONFIG_RECORDS } from './binding/config.ts';

const NONE = 255;

/** Identifier-safe form of a contract name: `cs(User-Agent)` → `cs_User_Agent_`. */
const ident = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_');

const hex = (n: bigint, digits: number): string => '0x' + n.toString(16).padStart(digits, '0');

/** Little-endian integer of `bytes`, as a `load<uN>` of them returns it. */
function le(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

/** `load<u64>(p, 0) == 0x… && load<u16>(p, 8) == 0x…`: compares `name` in as few loads as its length allows. */
function equalsExpr(name: string): string {
  const bytes = new TextEncoder().encode(name);
  const parts: string[] = [];
  let at = 0;
  for (const [size, type] of [[8, 'u64'], [4, 'u32'], [2, 'u16'], [1, 'u8']] as const) {
    while (bytes.length - at >= size) {
      parts.push(`load<${type}>(p, ${at}) == ${hex(le(bytes.subarray(at, at + size)), size * 2)}`);
      at += size;
    }
  }
  return parts.join(' && ');
}

/** A lookup from bytes to an index: a switch on the length, then word compares. No strings, no hashing at run time. */
function lookup(fn: string, names: readonly string[], doc: string): string {
  const byLength = new Map<number, [string, number][]>();
  names.forEach((name, id) => {
    const n = new TextEncoder().encode(name).length;
    byLength.set(n, [...(byLength.get(n) ?? []), [name, id]]);
  });
  const cases = [...byLength.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([n, entries]) => `    case ${n}:\n${entries.map(([name, id]) => `      if (${equalsExpr(name)}) return ${id}; // ${name}`).join('\n')}\n      break;`)
    .join('\n');
  return `/** ${doc} Returns -1 when unknown. */\nexport function ${fn}(p: usize, n: usize): i32 {\n  switch (<i32>n) {\n${cases}\n  }\n  return -1;\n}\n`;
}

/** The first 8 bytes of `name`, little-endian (as one load reads them) and zero-padded: the prefix pairs.ts makes of every decoded name. */
function prefix(name: string): bigint {
  const bytes = new TextEncoder().encode(name);
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] ?? 0);
  return v;
}

/**
 * Querystring key → index in PARAM_TABLE, from the prefix and length collectPairs already made of
 * each name: a multiplicative perfect hash (the top bits of prefix × multiplier pick a slot of
 * one byte), then one compare of the key's prefix and length. Every key fits in 8 bytes, so the
 * prefix is the whole key. The multiplier is searched here, from a fixed seed, so the table is
 * the same on every build.
 */
function paramHash(keys: readonly string[]): string {
  const mask = (1n << 64n) - 1n;
  const prefixes = keys.map(prefix);
  const long = keys.filter((k) => new TextEncoder().encode(k).length > 8);
  if (long.length > 0) throw new Error(`parameter keys longer than 8 bytes (${long.join(', ')}): paramIdOf compares a name's 8-byte prefix as the whole key`);
  if (keys.length >= NONE) throw new Error(`${keys.length} parameter keys: paramIdOf's one-byte slots hold at most ${NONE - 1}`);
  if (keys.length > 127) throw new Error(`${keys.length} parameter keys: pairs.ts keeps a pair's parameter in an i8 (at most 127)`);
  let seed = 0x9e3779b97f4a7c15n;
  for (let bits = 10; bits <= 14; bits++) {
    for (let attempt = 0; attempt < 20000; attempt++) {
      // xorshift64: a fixed sequence of odd multipliers
      seed ^= (seed << 13n) & mask;
      seed ^= seed >> 7n;
      seed ^= (seed << 17n) & mask;
      const multiplier = seed | 1n;
      const slots = prefixes.map((p) => Number(((p * multiplier) & mask) >> BigInt(64 - bits)));
      if (new Set(slots).size !== slots.length) continue;
      const table = new Array<number>(1 << bits).fill(NONE);
      slots.forEach((slot, id) => (table[slot] = id));
      return [
        `/** Parameters by key: their index in PARAM_TABLE. */`,
        `export const enum Param {\n${keys.map((k, i) => `  ${ident(k)} = ${i},`).join('\n')}\n}`,
        `/** paramIdOf's slots (${1 << bits}, one byte each: a key's index, or ${NONE}), keys' prefixes (u64) and lengths (u8). */`,
        `const PARAM_SLOTS: usize = memory.data<u8>([${table.join(',')}]);`,
        `const PARAM_PREFIXES: usize = memory.data<u64>([${prefixes.map((p) => hex(p, 16)).join(',')}]);`,
        `const PARAM_KEY_LENGTHS: usize = memory.data<u8>([${keys.map((k) => new TextEncoder().encode(k).length).join(',')}]);`,
        `/** Querystring key → index in PARAM_TABLE, from its decoded name's prefix and length (pairs.ts). Returns -1 when unknown. */`,
        `// @ts-ignore: decorator`,
        `@inline`,
        `export function paramIdOf(prefix: u64, n: usize): i32 {`,
        `  const id = <i32>load<u8>(PARAM_SLOTS + <usize>((prefix * ${hex(multiplier, 16)}) >> ${64 - bits}));`,
        `  return id != ${NONE} && load<u64>(PARAM_PREFIXES + (<usize>id << 3)) == prefix && <usize>load<u8>(PARAM_KEY_LENGTHS + <usize>id) == n ? id : -1;`,
        `}`,
        '',
      ].join('\n');
    }
  }
  throw new Error('no perfect hash for the parameter keys: widen paramHash');
}

/** Every constant string the parser writes, in one blob: (offset, length) pairs index it. */
class Strings {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }
  /** `s_<value>`, made unique where two values differ only in punctuation (`Android ` and `Android;`). */
  private identifiers(): string[] {
    const used = new Set<string>();
    return this.values.map((v, i) => {
      let name = `s_${ident(v)}`;
      if (used.has(name)) name += `_${i}`;
      used.add(name);
      return name;
    });
  }

  emit(): string {
    const enc = new TextEncoder();
    const blob: number[] = [];
    const table: number[] = [];
    for (const v of this.values) {
      const b = enc.encode(v);
      table.push(blob.length & 0xff, blob.length >> 8, b.length & 0xff, b.length >> 8);
      blob.push(...b);
    }
    if (blob.length > 0xffff) throw new Error('constant strings exceed 64 KiB');
    return [
      `/** ${this.values.length} constant strings (${blob.length} bytes): event names, schema parts, collector and ETL names. */`,
      `export const STRINGS: usize = memory.data<u8>([${blob.join(',')}]);`,
      `/** Per string: u16 offset into STRINGS, u16 length. */`,
      `export const STRING_TABLE: usize = memory.data<u8>([${table.join(',')}]);`,
      `export const enum Str {\n${this.identifiers().map((name, i) => `  ${name} = ${i},`).join('\n')}\n}`,
    ].join('\n');
  }
}

function generateContract(version: string, strings: Strings): string {
  // slots.ts keeps a set column's priority (the parameter's + 1) in 7 bits of a byte
  const badPriority = PARAMS.filter((p) => !Number.isInteger(p.priority) || p.priority < 1 || p.priority > 126);
  if (badPriority.length > 0) throw new Error(`parameter priorities outside 1–126 (${badPriority.map((p) => `${p.key}: ${p.priority}`).join(', ')}): slots.ts keeps a priority in 7 bits`);
  const out: string[] = [
    '// Generated by wasm/gen.ts from contract/*.ts when the parser is built. Do not edit.',
    '',
    `export const COLUMN_COUNT: i32 = ${COLUMNS.length};`,
    `/** Canonical columns, by position in the event file (contract/columns.ts). */`,
    `export const enum Col {\n${COLUMNS.map((c) => `  ${c.name} = ${c.index},`).join('\n')}\n}`,
    '',
    `/** How a parameter value becomes column text (contract/params.ts PARAM_KINDS). */`,
    `export const enum Kind {\n${PARAM_KINDS.map((k, i) => `  ${k} = ${i},`).join('\n')}\n}`,
    '',
    `export const PARAM_COUNT: i32 = ${PARAMS.length};`,
    `/** Per parameter (${PARAMS.length} × 4 bytes, contract/params.ts PARAMS): kind, first column, second column (${NONE}: none), priority. */`,
    `export const PARAM_TABLE: usize = memory.data<u8>([${PARAMS.flatMap((p) => [
      PARAM_KINDS.indexOf(p.kind),
      p.columns[0] === undefined ? NONE : COLUMN_INDEX[p.columns[0]],
      p.columns[1] === undefined ? NONE : COLUMN_INDEX[p.columns[1]],
      p.priority,
    ]).join(',')}]);`,
    `/** Parameter keys, for error messages: one Str id (u16) per parameter. */`,
  ];
  const keyIds = PARAMS.map((p) => strings.intern(p.key));
  out.push(`export const PARAM_KEYS: usize = memory.data<u16>([${keyIds.join(',')}]);`, '');
  out.push(paramHash(PARAMS.map((p) => p.key)));

  out.push(
    `export const LOG_FIELD_COUNT: i32 = ${LOG_FIELDS.length};`,
    `/** CloudFront log fields in their original positions (contract/cloudfront.ts). */`,
    `export const enum Field {\n${LOG_FIELDS.map((f, i) => `  ${ident(f)} = ${i},`).join('\n')}\n}`,
    '',
    lookup('logFieldId', LOG_FIELDS, '`#Fields:` header name → Field.'),
    `/** Log field names, for error messages: one Str id (u16) per Field. */`,
    `export const LOG_FIELD_NAMES: usize = memory.data<u16>([${LOG_FIELDS.map((f) => strings.intern(f)).join(',')}]);`,
    '',
  );

  const codes = Object.keys(EVENT_TYPES) as (keyof typeof EVENT_TYPES)[];
  const eventRows = codes.flatMap((code) => {
    const t = EVENT_TYPES[code];
    const schema: readonly string[] | null = t.schema;
    return [strings.intern(t.event), ...(schema ? schema.map((s) => strings.intern(s)) : [0xffff, 0xffff, 0xffff, 0xffff])];
  });
  out.push(
    `export const EVENT_TYPE_COUNT: i32 = ${codes.length};`,
    `/** The self-describing event (\`ue\`): its schema columns come from the event itself. */`,
    `export const EVENT_TYPE_UNSTRUCT: i32 = ${codes.indexOf('ue')};`,
    `/** Per event code (${codes.length} × 5 u16, contract/params.ts EVENT_TYPES): Str of event, vendor, name, format, version (0xFFFF: taken from the event / none). */`,
    `export const EVENT_TABLE: usize = memory.data<u16>([${eventRows.join(',')}]);`,
    '',
    lookup('eventTypeId', codes, '`e` value → row of EVENT_TABLE.'),
    lookup('platformId', PLATFORMS, '`p` value → index in PLATFORMS.'),
  );

  const cloudfront = strings.intern('cloudfront');
  const etl = strings.intern(`firn-${version}`);
  out.push(`/** v_collector default (log files come from CloudFront or our faithful copy of it) and v_etl. */`);
  out.push(`export const STR_CLOUDFRONT: i32 = ${cloudfront};`, `export const STR_V_ETL: i32 = ${etl};`, '');
  return out.join('\n');
}

/** The referer table (wasm/data/referers.ts) as lookups on bytes and a source table. */
function generateReferers(strings: Strings): string {
  const exact: [string, number][] = [];
  const wildcards: [string, number][] = [];
  REFERERS.forEach((r, id) => {
    for (const d of r.domains) (d.endsWith('.*') ? wildcards.push([d.slice(0, -2), id]) : exact.push([d, id]));
  });
  const seen = new Set<string>();
  for (const [d] of exact) {
    if (seen.has(d)) throw new Error(`referer domain ${d} is listed twice`);
    seen.add(d);
  }
  const rows = REFERERS.flatMap((r) => {
    const params = r.params ?? [];
    if (params.length > 4) throw new Error(`referer ${r.source}: at most 4 search parameters`);
    return [strings.intern(r.medium), strings.intern(r.source), params.length, ...[0, 1, 2, 3].map((i) => (params[i] === undefined ? 0 : strings.intern(params[i]!)))];
  });
  const wildcardFn = [
    '/** `name.*` entries: the source id when `p` is `name.` + a country or generic suffix, else -1. */',
    'export function refererWildcardId(p: usize, n: usize): i32 {',
    ...wildcards.map(([prefix, id]) => {
      const len = new TextEncoder().encode(prefix).length;
      return `  if (n > ${len + 1} && load<u8>(p, ${len}) == 0x2e && ${equalsExpr(prefix)} && isSuffix(p + ${len + 1}, n - ${len + 1})) return ${id}; // ${prefix}.*`;
    }),
    '  return -1;',
    '}',
  ].join('\n');
  return [
    '// Generated by wasm/gen.ts from wasm/data/referers.ts when the parser is built. Do not edit.',
    "import { isSuffix } from '../suffix';",
    '',
    `export const REFERER_COUNT: i32 = ${REFERERS.length};`,
    `/** Per source (${REFERERS.length} × 7 u16): Str of medium, Str of source, number of search parameters, then up to 4 parameter Str ids. */`,
    `export const REFERER_TABLE: usize = memory.data<u16>([${rows.join(',')}]);`,
    '',
    lookup('refererId', exact.map(([d]) => d), '`host` or `host/first-path-segment` → source id.').replace(/return (\d+); \/\/ (.*)$/gm, (_m, i: string, d: string) => `return ${exact[Number(i)]![1]}; // ${d}`),
    wildcardFn,
    '',
  ].join('\n');
}

/** The User-Agent rules (wasm/data/useragents.ts) as tables of Str ids. */
function generateUserAgents(strings: Strings): string {
  const ids = (values: readonly string[]): string => values.map((v) => strings.intern(v)).join(',');
  // Names the classifier refers to in code: written by it, or families its special cases test for.
  const fixed = ['Mobile Safari', 'Android Browser', 'Chrome WebView', 'Browser', 'Browser (mobile)', 'Robot', 'desktop', 'mobile', 'tablet', 'bot', 'Mac OS X', 'Other', 'Chrome', 'Safari', 'IE', 'Windows', 'Mac OS', 'Linux', 'Chromium OS', 'Ubuntu'];
  return [
    '// Generated by wasm/gen.ts from wasm/data/useragents.ts when the parser is built. Do not edit.',
    '',
    `export const BOT_TOKEN_COUNT: i32 = ${BOT_TOKENS.length};`,
    `/** Bot tokens, lower case (${BOT_TOKENS.length} Str ids). */`,
    `export const BOT_TOKENS: usize = memory.data<u16>([${ids(BOT_TOKENS)}]);`,
    `export const BROWSER_RULE_COUNT: i32 = ${BROWSER_RULES.length};`,
    `/** Per browser rule: Str of token, family, engine (${BROWSER_RULES.length} × 3 u16). */`,
    `export const BROWSER_RULES: usize = memory.data<u16>([${BROWSER_RULES.map((r) => ids([r.token, r.family, r.engine])).join(',')}]);`,
    `export const OS_RULE_COUNT: i32 = ${OS_RULES.length};`,
    `/** Per OS rule: Str of token, family, manufacturer (${OS_RULES.length} × 3 u16). */`,
    `export const OS_RULES: usize = memory.data<u16>([${OS_RULES.map((r) => ids([r.token, r.family, r.manufacturer])).join(',')}]);`,
    `export const WINDOWS_NAME_COUNT: i32 = ${Object.keys(WINDOWS_NAMES).length};`,
    `/** Per Windows NT version: Str of version, name. */`,
    `export const WINDOWS_NAMES: usize = memory.data<u16>([${Object.entries(WINDOWS_NAMES).map(([v, n]) => ids([v, n])).join(',')}]);`,
    `/** Names the classifier writes itself. */`,
    ...fixed.map((f) => `export const UA_${ident(f).replace(/_+$/, '').toUpperCase()}: i32 = ${strings.intern(f)};`),
    '',
  ].join('\n');
}

/** Every generated file of the parser, by name under wasm/assembly/generated/. */
export function generateParserTables(version: string): Map<string, string> {
  const strings = new Strings();
  const contract = generateContract(version, strings);
  const referers = generateReferers(strings);
  const useragents = generateUserAgents(strings);
  const header = '// Generated by wasm/gen.ts when the parser is built. Do not edit.\n\n';
  const config = [
    '// Generated by wasm/gen.ts from wasm/binding/config.ts when the parser is built. Do not edit.',
    '',
    '/** Enrichment flags of the settings blob. */',
    `export const enum Flag {\n${Object.entries(CONFIG_FLAGS).map(([k, v]) => `  ${k} = ${v},`).join('\n')}\n}`,
    '/** Record kinds of the settings blob: [u8 kind][u16 length][bytes]. */',
    `export const enum Record {\n${Object.entries(CONFIG_RECORDS).map(([k, v]) => `  ${k} = ${v},`).join('\n')}\n}`,
    '',
  ].join('\n');
  return new Map([
    ['config.ts', config],
    ['contract.ts', contract],
    ['referers.ts', referers],
    ['useragents.ts', useragents],
    ['strings.ts', header + strings.emit() + '\n'],
  ]);
}
