/**
 * First-party cookies. `document.cookie` throws in sandboxed iframes and on opaque origins,
 * so both sides catch: without cookies every event simply starts a new visitor.
 */
export function getCookie(name: string): string {
  try {
    return (('; ' + document.cookie).split('; ' + name + '=')[1] || '').split(';')[0]!;
  } catch {
    return '';
  }
}

export function setCookie(name: string, value: string, maxAgeSeconds: number): void {
  try {
    document.cookie = name + '=' + value + ';path=/;max-age=' + maxAgeSeconds + ';SameSite=Lax';
  } catch {
    // Cookies blocked: identity lasts for this event only.
  }
}
