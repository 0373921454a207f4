/**
 * How long to wait before retrying after `failures` failed rounds in a row: 1 s doubling up to
 * 512 s, times a random factor between ½ and 1 ("equal jitter"), so that the tabs and visitors
 * a collector outage failed together do not all come back at the same moment.
 */
export const backoff = (failures: number, random: number = Math.random()): number => 1000 * 2 ** Math.min(failures, 9) * (0.5 + random / 2);
