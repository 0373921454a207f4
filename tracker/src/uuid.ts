/**
 * A UUID v4. `crypto.randomUUID` exists only in secure contexts (https, localhost), and many
 * sites still serve pages over http. There, a blob URL's last 36 characters are a random v4
 * UUID made by the browser (every engine uses v4 for blob URLs): a few bytes of code instead
 * of a hand-written generator.
 */
export function uuid(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  const url = URL.createObjectURL(new Blob());
  URL.revokeObjectURL(url);
  return url.slice(-36);
}
