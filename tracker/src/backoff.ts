/**
 * How long to wait before the next delivery attempt after `failures` failed ones in a row:
 * 1 s, 2 s, 4 s … up to about a minute. Jitter, an overall cap and giving up on old events
 * come later (the seam is this function and `flush` in deliver.ts).
 */
export const backoff = (failures: number): number => 1000 * 2 ** Math.min(failures, 6);
