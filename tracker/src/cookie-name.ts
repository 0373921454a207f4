import { utf8 } from './base64.ts';
import { cookies } from './cookie.ts';

const hex4 = (n: number): string => (n + 65536).toString(16).slice(1);

/**
 * The `<hash>` of Snowplow's cookie names: the first 4 hex digits of SHA-1(cookie domain + path)
 * (tracker-protocol.md §7), so visitors keep their ids when a site switches trackers. SubtleCrypto
 * does it without shipping a SHA-1 (about 400 B gzip, 8 % of the budget). It exists only in
 * secure contexts; on an http page the tracker reuses the site's existing `_sp_id.*` cookie (a
 * Snowplow tracker's, typically), and otherwise names its own with a small hash of the same text.
 * Never rejects.
 */
export async function cookieHash(text: string): Promise<string> {
  try {
    const [a, b] = new Uint8Array(await crypto.subtle.digest('SHA-1', utf8(text)));
    return hex4((a! << 8) | b!);
  } catch {
    let h = 0;
    for (const c of text) h = (h * 31 + c.charCodeAt(0)) & 65535;
    return (/; _sp_id\.(\w+)=/.exec(cookies()) || [])[1] || hex4(h);
  }
}
