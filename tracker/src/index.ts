/** `firn/tracker`: the tracker as an ES module (the script-tag build is script.ts). */
export { newTracker, trackPageView, type PageViewEvent, type TrackerConfig } from './tracker.ts';
