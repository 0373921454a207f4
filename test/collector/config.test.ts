import { join, resolve } from 'node:path';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { resolveCollectorConfig, type CollectorConfig, type ResolvedCollectorConfig } from '../../infra/collector/config.ts';
import type { Collector } from '../../infra/collector/index.ts';
import { memoryLogger } from './support.ts';

const base: CollectorConfig = { logs: 'data/logs', logger: memoryLogger() };

describe('collector options', () => {
  test('default like the firn collector flags, with cs(Host) derived from the distribution id', () => {
    const config = resolveCollectorConfig({ ...base, distributionId: 'E2QWRUHAPOMQZL' });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, rotateSeconds: 60, edgeLocation: 'LOC1', domain: 'e2qwruhapomqzl.cloudfront.net', trackerFile: null });
    expect(config.spoolDir).toBe(join(resolve('data/logs'), '.spool'));
    expect(Object.isFrozen(config)).toBe(true);
  });

  test.each([
    [{ port: 70000 }, 'collector option port: 70000 is not an integer from 0 to 65535'],
    [{ rotateSeconds: 0 }, 'collector option rotateSeconds: 0 is not an integer from 1 to 86400'],
    [{ distributionId: 'e-local' }, 'collector option distributionId: "e-local" is not uppercase letters and digits, like E2QWRUHAPOMQZL'],
    [{ edgeLocation: 'lax' }, 'collector option edgeLocation: "lax" is not three capital letters and a number, like LAX1 or SEA19-C1'],
    [{ domain: 'Bad Host' }, 'collector option domain: "Bad Host" is not a lowercase host name, like d111111abcdef8.cloudfront.net'],
    [{ logs: '' }, 'collector option logs: "" is not a folder path'],
  ] as const)('reject %j, naming the option, the value and what is accepted', (bad, message) => {
    expect(() => resolveCollectorConfig({ ...base, ...bad })).toThrow(message);
  });
});

describe('public types', () => {
  test('the resolved config is read-only and complete', () => {
    expectTypeOf<ReturnType<typeof resolveCollectorConfig>>().toEqualTypeOf<Readonly<ResolvedCollectorConfig>>();
    expectTypeOf<ResolvedCollectorConfig['trackerFile']>().toEqualTypeOf<string | null>();
    expectTypeOf<CollectorConfig['logs']>().toEqualTypeOf<string>();
  });

  test('a collector reports delivered keys from rotate() and to onDelivered', () => {
    expectTypeOf<Collector['rotate']>().toEqualTypeOf<() => Promise<string[]>>();
    expectTypeOf<Collector['close']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf<Collector['onDelivered']>().toEqualTypeOf<((keys: readonly string[]) => void) | undefined>();
  });
});
