/** Collector dates: the parser's YYYYMMDD numbers, the lake's YYYY-MM-DD text. */

const texts = new Map<number, string>();

/** `20251128` → `2025-11-28` (cached: a run sees few dates). */
export function dateText(ymd: number): string {
  let text = texts.get(ymd);
  if (text === undefined) {
    text = `${String(Math.trunc(ymd / 10000)).padStart(4, '0')}-${String(Math.trunc(ymd / 100) % 100).padStart(2, '0')}-${String(ymd % 100).padStart(2, '0')}`;
    texts.set(ymd, text);
  }
  return text;
}

/** `2025-11-28` → `20251128`. */
export const dateNumber = (text: string): number => Number(text.replaceAll('-', ''));

/** The date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const t = Date.parse(date + 'T00:00:00Z') + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function isDateText(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(s + 'T00:00:00Z');
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s); // 2025-02-30 parses, as March 2nd
}

/** The later of two dates, null meaning none. */
export const laterDate = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);
