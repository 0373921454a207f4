import type { MAX_GET_BYTES_DEFAULT, MAX_GET_BYTES_LIMIT } from '../../contract/index.ts';
import { backoff } from './backoff.ts';
import { report } from './debug.ts';
import { encode } from './extension.ts';
import { locked } from './lock.ts';
import { all, put, remove } from './outbox.ts';
import type { Pending } from './pending.ts';
import { pixel, plainHit } from './pixel.ts';
import { warn } from './safe.ts';
import { limits, stats } from './stats.ts';
import type { QueueStats } from './types.ts';

/** docs/protocol.md §1, written out (checked against the contract's types) to keep the parameter table out of the bundle. */
const MAX_GET_BYTES: typeof MAX_GET_BYTES_DEFAULT = 2000;
const GET_LIMIT: typeof MAX_GET_BYTES_LIMIT = 8192;

/** Events this page stored since its last delivery round: the next round sends them. */
let fresh = new Set<string>();
/** The next round sends everything stored (a retry), not just the fresh events. */
let everything = false;
/** The round waiting for the lock, which later calls join. */
let queued: Promise<void> | 0 = 0;
let failures = 0;
let timer: ReturnType<typeof setTimeout> | 0 = 0;

/** Stores the event, and only then sends it: a crash or reload in between leaves it for the next page. */
export function deliver(event: Pending): void {
  put(event).then(() => {
    fresh.add(event.p.eid!);
    kick();
  });
}

const kick = (retry?: boolean): Promise<void> => {
  everything ||= !!retry;
  return (queued ||= locked(round));
};

/**
 * Sends everything stored now, without waiting for the backoff: at page load, on the `online`
 * event, and on `flush()`. Resolves when that attempt is over.
 */
export function flush(): Promise<void> {
  failures = 0;
  return retry();
}

/** Every stored event, now; the backoff timer's callback. */
function retry(): Promise<void> {
  clearTimeout(timer);
  timer = 0;
  return kick(true);
}

/** The first tracker starts delivery: what earlier pages left is sent now, and again whenever the browser comes back online. */
export function start(): void {
  addEventListener('online', flush);
  flush();
}

/** Drops an event for good; neither a success nor a failure of the collector. */
function drop(e: Pending, kind: 'expired' | 'evicted' | 'oversized'): 0 {
  stats[kind]++;
  report(kind, { eid: e.p.eid! });
  remove(e.p.eid!);
  return 0;
}

/**
 * One delivery round, holding the outbox lock. The events are read back from the store under the
 * lock, so an event another tab delivered meanwhile is not sent again. Beyond `maxQueueSize`
 * the oldest are dropped; past `maxAge` too. A failure schedules a retry of everything, after
 * the backoff.
 */
async function round(): Promise<void> {
  queued = 0;
  const mine = fresh;
  const whole = everything;
  fresh = new Set();
  everything = false;
  try {
    const now = Date.now();
    const events = await all();
    const over = events.length - limits._size;
    const sent = await Promise.all(
      events.map((e, i) =>
        i < over ? drop(e, 'evicted') : +e.p.dtm! < now - limits._age ? drop(e, 'expired') : whole || mine.has(e.p.eid!) ? send(e, now) : 0,
      ),
    );
    if (sent.includes(false)) timer ||= setTimeout(retry, backoff(failures++));
    else if (sent.includes(true)) {
      failures = 0;
      // A success while a retry waits: the collector is back, so retry now.
      if (timer) retry();
    }
  } catch (e) {
    warn(e);
  }
}

/** Sends one event, plain or per the URL-length extension, and deletes it once every request loaded. */
async function send(e: Pending, now: number): Promise<boolean | 0> {
  const eid = e.p.eid!;
  const max = Math.min(e.m || MAX_GET_BYTES, GET_LIMIT);
  let urls = e.r;
  if (!urls) {
    const plain = plainHit(e, now);
    urls = [plain];
    if (plain.length > max) {
      // The first send fixes `stm` and the split; stored, so every retry resends the same requests.
      urls = e.r = await encode(e.u, eid, e.p.tv!, plain.slice(e.u.length + 1), max);
      if (!urls.length) return drop(e, 'oversized');
      await put(e);
    }
  }
  const ok = !(await Promise.all(urls.map(pixel))).includes(false);
  // The delete commits before the round ends and the lock passes to another tab, which then
  // reads the store without this event.
  ok ? (stats.sent++, await remove(eid)) : stats.failed++;
  report(ok ? 'sent' : 'failed', { eid, urls });
  return ok;
}

/** Delivery counters and the outbox size; never rejects. `callback` is for the script tag, where calls return nothing. */
export function getQueueStats(callback?: (stats: QueueStats) => void): Promise<QueueStats> {
  const result = all().then((list) => ({ pending: list.length, ...stats }));
  if (callback) result.then(callback).catch(warn);
  return result;
}
