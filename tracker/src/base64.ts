/** Base64url without padding (tracker-protocol.md §6, docs/protocol.md §3). Byte by byte: a spread of a large array would overflow the call stack. */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

export const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

/** `ue_px` and `cx`: base64url of the JSON text's UTF-8 bytes. */
export const base64Json = (value: unknown): string => base64(utf8(JSON.stringify(value)));
