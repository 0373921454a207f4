/**
 * A UUID v4. `crypto.randomUUID` exists only in secure contexts (https, localhost), and many
 * sites still serve pages over http; `getRandomValues` works everywhere, so it is the fallback.
 */
export const uuid = (): string =>
  crypto.randomUUID
    ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
        // Each 0/1/8 digit becomes random hex; 4 stays, and 8 keeps the variant bits `10xx`.
        (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16),
      );
