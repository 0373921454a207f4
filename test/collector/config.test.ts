import { tmpdir } from 'node:os';
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
    expect(config).toMatchObject({ maxFileBytes: 64 * 1024 * 1024, logCookies: false, trustProxy: false, testApi: false, testApiMaxHits: 10_000, retry: { firstMs: 1000, maxMs: 60_000 } });
    expect(config.spoolDir).toBe(join(resolve('data/logs'), '.spool'));
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('the live stream is on by default only on a loopback address, where only this machine can read the hits', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost']) expect(resolveCollectorConfig({ ...base, host }).stream, host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.0.2.1', 'collector.example']) expect(resolveCollectorConfig({ ...base, host }).stream, host).toBe(false);
    expect(resolveCollectorConfig({ ...base, host: '0.0.0.0', stream: true }).stream).toBe(true);
    expect(resolveCollectorConfig({ ...base, stream: false }).stream).toBe(false);
  });

  test('an s3:// bucket spools in a folder named after its URL in the user state folder, not the OS temp dir that a reboot may empty', () => {
    const config = resolveCollectorConfig({ ...base, logs: 's3://firn-logs/cloudfront/', s3: { region: 'us-east-1' } });
    expect(config.bucket.url).toBe('s3://firn-logs/cloudfront/');
    expect(config.spoolDir).toMatch(/[/\\]firn[/\\]collector-spool[/\\][0-9a-f]{16}$/);
    expect(config.spoolDir.startsWith(tmpdir())).toBe(false);
    expect(resolveCollectorConfig({ ...base, logs: 's3://firn-logs/other/', s3: { region: 'us-east-1' } }).spoolDir).not.toBe(config.spoolDir);
  });

  test.each([
    [{ port: 70000 }, 'collector option port: 70000 is not an integer from 0 to 65535'],
    [{ rotateSeconds: 0 }, 'collector option rotateSeconds: 0 is not an integer from 1 to 86400'],
    [{ distributionId: 'e-local' }, 'collector option distributionId: "e-local" is not uppercase letters and digits, like E2QWRUHAPOMQZL'],
    [{ edgeLocation: 'lax' }, 'collector option edgeLocation: "lax" is not three capital letters and a number, like LAX1 or SEA19-C1'],
    [{ domain: 'Bad Host' }, 'collector option domain: "Bad Host" is not a lowercase host name, like d111111abcdef8.cloudfront.net'],
    [{ logs: '' }, 'collector option logs: "" is not a folder path or s3://bucket/prefix'],
    [{ logs: 's3://' }, 'collector option logs: S3 URL "s3://" does not name a bucket: accepted is s3://<bucket>[/<prefix>]'],
    [{ logs: 'ftp://host/logs' }, 'collector option logs: bucket "ftp://host/logs" is not supported: accepted are a folder path or s3://bucket/prefix'],
    [{ maxFileBytes: 100 }, 'collector option maxFileBytes: 100 is not an integer from 1024 to 1073741824'],
    [{ logCookies: 'yes' as unknown as boolean }, 'collector option logCookies: "yes" is not true or false'],
    [{ testApiMaxHits: 0 }, 'collector option testApiMaxHits: 0 is not an integer from 1 to 1000000'],
    [{ retry: { firstMs: 500, maxMs: 100 } }, 'collector option retry.maxMs: 100 is not an integer from retry.firstMs (500) to 3600000'],
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
