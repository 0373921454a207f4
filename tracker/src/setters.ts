import { method } from './tracker.ts';

/** The business user id, sent as `uid` (never in anonymous mode); `null` clears it. */
export const setUserId: (userId?: string | null, trackerNames?: readonly string[]) => void = method((t, v?: string | null) => void (t._uid = v));
/** The page URL sent as `url` instead of `location.href` (single-page apps); `null` goes back to it. */
export const setCustomUrl: (url?: string | null, trackerNames?: readonly string[]) => void = method((t, v?: string | null) => void (t._url = v));
/** The referrer sent as `refr` instead of `document.referrer`; `null` goes back to it. */
export const setReferrerUrl: (url?: string | null, trackerNames?: readonly string[]) => void = method((t, v?: string | null) => void (t._refr = v));
/** The title sent as `page` instead of `document.title`; `null` goes back to it. */
export const setDocumentTitle: (title?: string | null, trackerNames?: readonly string[]) => void = method((t, v?: string | null) => void (t._title = v));
