/**
 * Reading command-line options into typed, validated values. Errors name the option, quote
 * the value and say what is accepted, e.g. `--port: "abc" is not an integer from 0 to 65535`.
 */
export type RawOptions = Readonly<Record<string, unknown>>;

export class OptionError extends Error {}

const flag = (name: string): string => '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** cac camel-cases option names: `--rotate-seconds` arrives as `rotateSeconds`. */
export function intOption(options: RawOptions, name: string, min: number, max: number): number {
  const raw = options[name];
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new OptionError(`${flag(name)}: ${JSON.stringify(raw)} is not an integer from ${min} to ${max}`);
  return value;
}

export function stringOption(options: RawOptions, name: string, pattern?: RegExp, accepted?: string): string {
  const raw = options[name];
  if (typeof raw !== 'string' || raw === '' || (pattern && !pattern.test(raw)))
    throw new OptionError(`${flag(name)}: ${JSON.stringify(raw)} is not ${accepted ?? 'a non-empty string'}`);
  return raw;
}

export function booleanOption(options: RawOptions, name: string): boolean {
  const raw = options[name];
  if (raw === undefined || raw === false) return false;
  if (raw === true) return true;
  throw new OptionError(`${flag(name)}: ${JSON.stringify(raw)} is a switch and takes no value`);
}
