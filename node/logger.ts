import { styleText } from 'node:util';

export type LogLevel = 'silent' | 'error' | 'warn' | 'info';

/** The one way Node code talks to the user; nothing else writes to the console. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  /** Only with `DEBUG=firn:<namespace>` (or `firn:*`). */
  debug?: (message: string) => void;
}

const rank: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3 };

const colour = (style: Parameters<typeof styleText>[0], text: string): string =>
  process.stderr.isTTY && !process.env['NO_COLOR'] ? styleText(style, text) : text;

/** Messages go to stderr, so stdout stays clean for data (`--json`). */
export function createLogger(level: LogLevel = 'info', namespace = 'firn'): Logger {
  const on = (l: LogLevel): boolean => rank[level] >= rank[l];
  const debugOn = (process.env['DEBUG'] ?? '').split(',').some((d) => d === 'firn:*' || d === `firn:${namespace}`);
  return {
    info: (m) => on('info') && void process.stderr.write(m + '\n'),
    warn: (m) => on('warn') && void process.stderr.write(colour('yellow', 'warning: ') + m + '\n'),
    error: (m, e) => {
      if (!on('error')) return;
      const detail = e instanceof Error ? (debugOn ? (e.stack ?? e.message) : e.message) : e === undefined ? '' : String(e);
      process.stderr.write(colour('red', 'error ') + m + (detail ? `: ${detail}` : '') + '\n');
    },
    debug: debugOn ? (m) => void process.stderr.write(colour('dim', `firn:${namespace} `) + m + '\n') : undefined,
  };
}
