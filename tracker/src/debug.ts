import type { DebugData } from './types.ts';

let on = false;
let channel: BroadcastChannel | undefined;

/**
 * `debug(true)` (`firn('debug', true)`): logs every event and delivery outcome, and posts each
 * on `BroadcastChannel('firn-debug')` for the pixel inspector (see `DebugMessage`). Off by default.
 */
export function debug(enabled: boolean): void {
  on = !!enabled;
  try {
    channel ||= new BroadcastChannel('firn-debug');
  } catch {
    // No BroadcastChannel (Safari < 15.4): the console only.
  }
}

export function report<K extends keyof DebugData>(kind: K, data: DebugData[K]): void {
  if (on) {
    console.log('firn:', kind, data);
    try {
      channel && channel.postMessage({ kind, data });
    } catch {
      // A payload a channel cannot clone never stops the tracker.
    }
  }
}
