import type { PIXEL_PATH } from '../../contract/index.ts';
import { track } from './event.ts';
import { flush } from './deliver.ts';
import { safe, warn } from './safe.ts';

/** The collector's pixel path; typed by the contract, written out so the bundle does not pull the parameter table in. */
const PIXEL: typeof PIXEL_PATH = '/i';

export interface TrackerConfig {
  /** Sent as `aid`. */
  appId?: string;
}

export interface PageViewEvent {
  /** Sent as `page`; defaults to `document.title`. */
  title?: string;
}

/** Internal: `_` names are mangled in the build. */
export interface Tracker {
  readonly _name: string;
  readonly _pixel: string;
  readonly _appId: string | undefined;
}

const trackers = new Map<string, Tracker>();

/**
 * Creates a tracker named `name` (sent as `tna`) that sends to `endpoint`
 * (`https://` is assumed when no scheme is given, as Snowplow's trackers do).
 * The first tracker also re-sends events an earlier page left undelivered.
 */
export const newTracker: (name: string, endpoint: string, config?: TrackerConfig) => void = safe((name, endpoint, config) => {
  if (trackers.has(name) || !name || !endpoint) return warn('newTracker ignored: missing or duplicate name, or no endpoint', name);
  if (!trackers.size) flush();
  trackers.set(name, {
    _name: name,
    _pixel: (/^(\w+:)?\/\//.test(endpoint) ? endpoint : 'https://' + endpoint).replace(/\/+$/, '') + PIXEL,
    // `config` may be null from a careless script-tag call.
    _appId: config ? config.appId : undefined,
  });
});

/** Runs `f` on the named trackers, or on all of them. */
function each(names: readonly string[] | undefined, f: (t: Tracker) => void): void {
  for (const name of names || trackers.keys()) {
    const t = trackers.get(name);
    t ? f(t) : warn('no tracker named', name);
  }
}

/** Sends a page view (`e=pv`) from every tracker, or from the named ones. */
export const trackPageView: (event?: PageViewEvent, trackerNames?: readonly string[]) => void = safe((event, names) =>
  each(names, (t) => track(t, 'pv', { page: (event && event.title) || document.title })),
);
