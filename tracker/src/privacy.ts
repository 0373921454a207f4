import type { TrackerConfig } from './types.ts';

/**
 * Why a tracker must send nothing, or `''`: Do Not Track and Global Privacy Control, when the
 * site asked to respect them. `navigator` only: the browsers that put DNT elsewhere (IE, old
 * Safari) are gone.
 */
export const optOut = (config: TrackerConfig): string =>
  config.respectDoNotTrack && navigator.doNotTrack == '1'
    ? 'DNT'
    : config.respectGlobalPrivacyControl && (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl
      ? 'GPC'
      : '';
