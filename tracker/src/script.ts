/**
 * The script-tag build (`dist/firn.js`). The async snippet defines `firn` as a stub that queues
 * its calls in `firn.q`; this replaces the stub, so later calls run directly, then runs the queue.
 */
import { run } from './command.ts';

type Firn = ((...args: unknown[]) => void) & { q?: Iterable<unknown>[]; version?: string };

const w = window as unknown as { firn?: Firn };
const stub = w.firn;
// Loaded twice (two snippets): the first copy keeps running, the second does nothing.
if (!(stub && stub.version)) {
  const firn: Firn = (...args) => run(args);
  firn.version = __FIRN_VERSION__;
  w.firn = firn;
  if (stub && stub.q) stub.q.forEach((call) => run(call));
}
