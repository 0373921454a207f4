/** `firn/tracker`: the tracker as an ES module (the script-tag build is script.ts). The same functions as `firn('<name>', …)`. */
export { newTracker } from './create.ts';
export { trackPageView } from './pageview.ts';
export { trackStructEvent } from './struct.ts';
export { trackSelfDescribingEvent } from './selfdescribing.ts';
export { addTrans, addItem, trackTrans } from './ecommerce.ts';
export { enableActivityTracking } from './activity.ts';
export { enableLinkClickTracking } from './links.ts';
export { addGlobalContexts, removeGlobalContexts } from './contexts.ts';
export { setUserId, setCustomUrl, setReferrerUrl, setDocumentTitle } from './setters.ts';
export { newSession } from './session.ts';
export { enableAnonymousTracking, disableAnonymousTracking } from './anonymous.ts';
export { flush, getQueueStats } from './deliver.ts';
export { debug } from './debug.ts';
export type * from './types.ts';
