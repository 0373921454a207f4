/**
 * First-party cookies. `document.cookie` throws in sandboxed iframes and on opaque origins,
 * so both sides catch: without cookies, ids live in memory for the page.
 */
export function cookies(): string {
  try {
    return '; ' + document.cookie;
  } catch {
    return '';
  }
}

export const getCookie = (name: string): string => (cookies().split('; ' + name + '=')[1] || '').split(';')[0]!;

/** `domain` is `''` for a host-only cookie. `Secure` on https, so the ids never travel in clear. `maxAge` 0 deletes. */
export function setCookie(name: string, value: string, maxAgeSeconds: number, domain: string): void {
  try {
    document.cookie =
      name + '=' + value + ';path=/;max-age=' + maxAgeSeconds + (domain && ';domain=' + domain) + ';SameSite=Lax' + (location.protocol == 'https:' ? ';Secure' : '');
  } catch {
    // Cookies blocked: identity lasts for this page only.
  }
}
