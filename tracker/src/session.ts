import { newSession as restart } from './identity.ts';
import { method } from './tracker.ts';

/** Ends the session: the next event starts a new one (vid + 1, new sid). Nothing to end in anonymous mode. */
export const newSession: (_?: undefined, trackerNames?: readonly string[]) => void = method((t) => void (t._anon || t._off || restart(t._id)));
