/**
 * Fragments waiting for the rest of their event (docs/protocol.md): per event id, the pieces
 * held so far. The records themselves stay on local disk (an append-only spool); memory holds
 * about 150 bytes per piece, and at most MAX_PIECES pieces: past that the oldest sets expire
 * early into bad rows (`plan.ts`), so a flood of lone fragments cannot exhaust memory.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { FragmentRecord } from './record.ts';

export const MAX_PIECES = 200_000;

export interface Piece {
  readonly index: number;
  /** Collector date of the fragment's line. */
  readonly date: string;
  /** Read by this run (else by an earlier one): for the run's counts. */
  readonly thisRun: boolean;
  readonly at: number;
  readonly length: number;
}

export interface PendingSet {
  readonly eid: string;
  readonly count: number;
  readonly encoding: string;
  readonly pieces: Map<number, Piece>;
  /** Newest date among the pieces: the set expires relative to it. */
  newest: string;
}

export class FragmentPool {
  readonly sets = new Map<string, PendingSet>();
  private readonly fd: number;
  private end = 0;
  pieces = 0;

  constructor(dir: string) {
    this.fd = openSync(join(dir, 'fragments.spool'), 'w+');
  }

  /** Appends a record's JSON line to the spool; the piece that refers to it. */
  store(line: string, index: number, date: string, thisRun: boolean): Piece {
    const bytes = Buffer.from(line);
    writeSync(this.fd, bytes, 0, bytes.length, this.end);
    const piece = { index, date, thisRun, at: this.end, length: bytes.length };
    this.end += bytes.length;
    return piece;
  }

  read(piece: Piece): FragmentRecord {
    const bytes = Buffer.alloc(piece.length);
    readSync(this.fd, bytes, 0, piece.length, piece.at);
    return JSON.parse(bytes.toString('utf8')) as FragmentRecord;
  }

  readLine(piece: Piece): string {
    const bytes = Buffer.alloc(piece.length);
    readSync(this.fd, bytes, 0, piece.length, piece.at);
    return bytes.toString('utf8');
  }

  set(set: PendingSet): void {
    const old = this.sets.get(set.eid);
    this.pieces += set.pieces.size - (old?.pieces.size ?? 0);
    this.sets.set(set.eid, set);
  }

  delete(eid: string): void {
    const old = this.sets.get(eid);
    if (!old) return;
    this.pieces -= old.pieces.size;
    this.sets.delete(eid);
  }

  /** Adds a stored record to its set (a new set when none); false when that index is already held. */
  add(record: FragmentRecord, piece: Piece): boolean {
    const set = this.sets.get(record.eid);
    if (!set) {
      this.set({ eid: record.eid, count: record.count, encoding: record.encoding, pieces: new Map([[piece.index, piece]]), newest: piece.date });
      return true;
    }
    if (set.pieces.has(piece.index)) return false;
    set.pieces.set(piece.index, piece);
    if (piece.date > set.newest) set.newest = piece.date;
    this.pieces++;
    return true;
  }

  /** Pieces read by this run and still pending. */
  pendingThisRun(): number {
    let n = 0;
    for (const set of this.sets.values()) for (const p of set.pieces.values()) if (p.thisRun) n++;
    return n;
  }

  close(): void {
    closeSync(this.fd);
  }
}
