/** This page's delivery counters (`getQueueStats`): what it sent, retried and dropped, and why. */
export const stats = { sent: 0, failed: 0, expired: 0, evicted: 0, oversized: 0, memory: false };

/** Queue limits; `newTracker` options, shared by every tracker since the outbox is shared. */
export const limits = {
  /** `maxQueueSize`: beyond it, the oldest events are dropped. */
  _size: 1000,
  /** `maxAge` in ms: 7 days. */
  _age: 6048e5,
};
