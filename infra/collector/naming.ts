/**
 * Log file names. Delivered objects are named like CloudFront's
 * (reference `cloudfront-log-format.md` §2): `<distribution id>.YYYY-MM-DD-HH.<unique id>.gz`,
 * where the hour is the UTC hour of the requests inside, not of the delivery. A spool segment
 * carries the same three parts with `.log`, so delivering it again after a crash makes the same
 * key, and the bucket's never-overwrite `create` turns the repeat into a no-op.
 */

/** A delivered log object: distribution id, request hour, unique id. */
export const LOG_OBJECT_KEY = /^([A-Z0-9]+)\.(\d{4}-\d{2}-\d{2}-\d{2})\.([A-Z0-9]{8,12})\.gz$/;

const SEGMENT_NAME = /^([A-Z0-9]+)\.(\d{4}-\d{2}-\d{2}-\d{2})\.([A-Z0-9]{8,12})\.log$/;

export interface SegmentName {
  readonly distributionId: string;
  /** `YYYY-MM-DD-HH`, UTC. */
  readonly hour: string;
  readonly id: string;
}

/** `YYYY-MM-DD-HH` of an instant, in UTC. */
export function logHour(at: Date): string {
  return at.toISOString().slice(0, 13).replace('T', '-');
}

export function segmentFileName(name: SegmentName): string {
  return `${name.distributionId}.${name.hour}.${name.id}.log`;
}

/** The segment's parts, or null for any other file (the lock file, a stray editor backup). */
export function parseSegmentFileName(file: string): SegmentName | null {
  const match = SEGMENT_NAME.exec(file);
  return match ? { distributionId: match[1]!, hour: match[2]!, id: match[3]! } : null;
}

export function logObjectKey(name: SegmentName): string {
  return `${name.distributionId}.${name.hour}.${name.id}.gz`;
}
