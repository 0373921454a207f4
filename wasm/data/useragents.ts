/**
 * User-Agent rules: a compact, ordered rule set written for Firn (Apache-2.0) from the
 * browsers' and operating systems' documented UA formats. Its family names follow
 * ua-parser-js 1.x (MIT), against which test/parser/useragent.test.ts measures agreement on a
 * real UA corpus. Compiled into the parser by wasm/gen.ts; the matching is wasm/assembly/useragent.ts.
 */

/** Tokens that make a UA a bot (matched case-insensitively anywhere in it). */
export const BOT_TOKENS = [
  'bot', 'crawl', 'spider', 'slurp', 'mediapartners', 'facebookexternalhit', 'headlesschrome', 'lighthouse', 'pingdom',
  'curl/', 'wget/', 'python-requests', 'python-urllib', 'go-http-client', 'java/', 'okhttp', 'axios/', 'node-fetch',
  'libwww-perl', 'httpclient', 'phantomjs', 'scrapy', 'feedfetcher', 'ia_archiver', 'archive.org',
] as const;

export type Engine = 'BLINK' | 'WEBKIT' | 'GECKO' | 'TRIDENT' | 'EDGE_HTML' | 'PRESTO';

export interface BrowserRule {
  /** Matched case-sensitively; the version is what follows it, up to a space, `;` or `)`. */
  readonly token: string;
  readonly family: string;
  readonly engine: Engine;
}

/** First match wins: in-app and rebranded browsers come before the engines they embed. */
export const BROWSER_RULES: readonly BrowserRule[] = [
  { token: 'HeadlessChrome/', family: 'Chrome Headless', engine: 'BLINK' },
  { token: 'EdgiOS/', family: 'Edge', engine: 'WEBKIT' },
  { token: 'EdgA/', family: 'Edge', engine: 'BLINK' },
  { token: 'Edg/', family: 'Edge', engine: 'BLINK' },
  { token: 'Edge/', family: 'Edge', engine: 'EDGE_HTML' },
  { token: 'OPT/', family: 'Opera Touch', engine: 'WEBKIT' },
  { token: 'OPiOS/', family: 'Opera', engine: 'WEBKIT' },
  { token: 'OPR/', family: 'Opera', engine: 'BLINK' },
  { token: 'Opera/', family: 'Opera', engine: 'PRESTO' },
  { token: 'SamsungBrowser/', family: 'Samsung Internet', engine: 'BLINK' },
  { token: 'YaBrowser/', family: 'Yandex', engine: 'BLINK' },
  { token: 'UCBrowser/', family: 'UCBrowser', engine: 'BLINK' },
  { token: 'DuckDuckGo/', family: 'DuckDuckGo', engine: 'WEBKIT' },
  { token: 'Ddg/', family: 'DuckDuckGo', engine: 'WEBKIT' },
  { token: 'Snapchat/', family: 'Snapchat', engine: 'WEBKIT' },
  { token: 'Instagram ', family: 'Instagram', engine: 'WEBKIT' },
  { token: 'FBAV/', family: 'Facebook', engine: 'WEBKIT' },
  { token: 'GSA/', family: 'GSA', engine: 'WEBKIT' },
  { token: 'CriOS/', family: 'Chrome', engine: 'WEBKIT' },
  { token: 'FxiOS/', family: 'Firefox', engine: 'WEBKIT' },
  { token: 'Firefox/', family: 'Firefox', engine: 'GECKO' },
  { token: 'Chrome/', family: 'Chrome', engine: 'BLINK' },
  { token: 'MSIE ', family: 'IE', engine: 'TRIDENT' },
  { token: 'Trident/', family: 'IE', engine: 'TRIDENT' },
  { token: 'Version/', family: 'Safari', engine: 'WEBKIT' },
  { token: 'AppleWebKit/', family: 'WebKit', engine: 'WEBKIT' },
];

export interface OsRule {
  readonly token: string;
  readonly family: string;
  readonly manufacturer: string;
}

/** First match wins. Versions: after the token (iOS `17_1` becomes `17.1`). */
export const OS_RULES: readonly OsRule[] = [
  { token: 'Windows Phone ', family: 'Windows Phone', manufacturer: 'Microsoft' },
  { token: 'Windows NT ', family: 'Windows', manufacturer: 'Microsoft' },
  { token: 'iPhone OS ', family: 'iOS', manufacturer: 'Apple' },
  { token: 'CPU OS ', family: 'iOS', manufacturer: 'Apple' },
  { token: 'Android ', family: 'Android', manufacturer: 'Google' },
  { token: 'Android;', family: 'Android', manufacturer: 'Google' },
  { token: 'CrOS ', family: 'Chromium OS', manufacturer: 'Google' },
  { token: 'Mac OS X', family: 'Mac OS', manufacturer: 'Apple' },
  { token: 'Ubuntu', family: 'Ubuntu', manufacturer: 'Canonical' },
  { token: 'Linux', family: 'Linux', manufacturer: 'Other' },
];

/** Windows NT versions → marketing names, for os_name. */
export const WINDOWS_NAMES: Readonly<Record<string, string>> = {
  '10.0': 'Windows 10',
  '6.3': 'Windows 8.1',
  '6.2': 'Windows 8',
  '6.1': 'Windows 7',
  '6.0': 'Windows Vista',
  '5.1': 'Windows XP',
};
