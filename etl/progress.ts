/**
 * The progress bar on a terminal: files, lines, MB/s and ETA on one line of stderr, redrawn at
 * most ten times a second and erased at the end (the summary follows on its own).
 */
import type { EtlProgress } from './run.ts';

export interface ProgressBar {
  update(progress: EtlProgress): void;
  done(): void;
}

const WIDTH = 24;

export function formatProgress(p: EtlProgress, columns = 100): string {
  const fraction = p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : p.totalFiles > 0 ? p.files / p.totalFiles : 1;
  const filled = Math.round(fraction * WIDTH);
  const rate = p.seconds > 0 ? p.bytes / 1e6 / p.seconds : 0;
  const left = rate > 0 ? (p.totalBytes - p.bytes) / 1e6 / rate : NaN;
  const eta = Number.isFinite(left) ? `${Math.floor(left / 60)}:${String(Math.round(left % 60)).padStart(2, '0')}` : '–';
  const lines = p.lines >= 1e6 ? `${(p.lines / 1e6).toFixed(1)}M` : p.lines >= 1e3 ? `${(p.lines / 1e3).toFixed(1)}k` : String(p.lines);
  const text = `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${p.files}/${p.totalFiles} files · ${lines} lines · ${rate.toFixed(1)} MB/s · ETA ${eta}`;
  return text.slice(0, Math.max(20, columns - 1));
}

export function progressBar(stream: NodeJS.WriteStream): ProgressBar {
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.files < p.totalFiles) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[2K${formatProgress(p, stream.columns)}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
