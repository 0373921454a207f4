import { forget } from './identity.ts';
import { method } from './tracker.ts';

/**
 * Anonymous tracking: the tracker deletes its cookies and forgets its ids; events carry no
 * `duid`, `sid`, `vid` or `uid`. (Snowplow also sends an `SP-Anonymous` header asking the
 * collector to mask the IP; a pixel GET cannot carry headers, see tracker/README.md.)
 */
export const enableAnonymousTracking: (_?: undefined, trackerNames?: readonly string[]) => void = method((t) => {
  t._anon = true;
  forget(t._id);
});

/** Back to cookies: the next event gets a new visitor id and session. */
export const disableAnonymousTracking: (_?: undefined, trackerNames?: readonly string[]) => void = method((t) => {
  t._anon = false;
});

