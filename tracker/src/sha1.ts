/**
 * SHA-1 as lowercase hex, only to name the cookies the way Snowplow's trackers do
 * (tracker-protocol.md §7), so visitors keep their ids when a site switches trackers.
 * `crypto.subtle` is not an option: it is async and missing on http pages.
 * Short inputs only (a host name); not for anything security-related.
 */
export function sha1(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const n = bytes.length;
  // Message + 0x80 + 64-bit length, padded to 64-byte blocks, as big-endian 32-bit words.
  const words = new Uint32Array((((n + 8) >> 6) + 1) * 16);
  for (let i = 0; i < n; i++) words[i >> 2]! |= bytes[i]! << (24 - (i & 3) * 8);
  words[n >> 2]! |= 0x80 << (24 - (n & 3) * 8);
  words[words.length - 1] = n * 8;
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const rotl = (x: number, s: number): number => (x << s) | (x >>> (32 - s));
  const w: number[] = [];
  for (let block = 0; block < words.length; block += 16) {
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let t = 0; t < 80; t++) {
      w[t] = t < 16 ? words[block + t]! : rotl(w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!, 1);
      const f =
        t < 20 ? ((b & c) | (~b & d)) + 0x5a827999
        : t < 40 ? (b ^ c ^ d) + 0x6ed9eba1
        : t < 60 ? ((b & c) | (b & d) | (c & d)) + 0x8f1bbcdc
        : (b ^ c ^ d) + 0xca62c1d6;
      const next = (rotl(a, 5) + f + e + w[t]!) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = next;
    }
    [a, b, c, d, e].forEach((v, i) => (h[i] = (h[i]! + v) | 0));
  }
  return h.map((v) => (v >>> 0).toString(16).padStart(8, '0')).join('');
}
