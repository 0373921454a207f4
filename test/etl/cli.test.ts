/**
 * `firn etl` as a user meets it: its help, errors that name the value and what is accepted,
 * --since/--until, --dry-run, --anonymize-ip, --enrichments, the plain summary and the JSON one.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { packageRoot } from '../../node/paths.ts';
import { formatProgress } from '../../etl/progress.ts';
import { requireBuilt } from '../support/built.ts';
import { column, lakeEvents } from '../support/etl-lake.ts';
import { fragmentLines, eid, logName, pageView, writeLog } from '../support/etl-logs.ts';
import { logLine, pageViewQuery } from '../support/loglines.ts';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

async function world(): Promise<{ dir: string; logs: string; lake: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'firn-etl-cli-'));
  dirs.push(dir);
  await mkdir(join(dir, 'logs'));
  return { dir, logs: join(dir, 'logs'), lake: join(dir, 'lake') };
}

async function firn(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  requireBuilt('node/cli.js', 'firn.wasm');
  return promisify(execFile)(process.execPath, [join(packageRoot, 'bin/firn.js'), ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe('firn etl on the command line', () => {
  test('--help lists every option as [type] what (default: x)', async () => {
    const { stdout } = await firn('etl', '--help');
    for (const flag of ['--in', '--out', '--since', '--until', '--workers', '--anonymize-ip', '--enrichments', '--dry-run', '--json']) expect(stdout).toContain(flag);
    const lines = stdout.split('\n').filter((l) => /^\s+--(in|out|since|until|workers|anonymize-ip|enrichments|dry-run|json)\b/.test(l));
    expect(lines).toHaveLength(9);
    for (const line of lines) expect(line).toMatch(/\[[^\]]+\] .*\(default: [^)]+\)/);
  });

  test.each([
    [['--since', '2025-13-01'], /--since: "2025-13-01" is not a date \(accepted: YYYY-MM-DD/],
    [['--until', 'yesterday'], /--until: "yesterday" is not a date/],
    [['--since', '2025-11-29', '--until', '2025-11-28'], /--since: "2025-11-29" is after --until "2025-11-28"/],
    [['--workers', '0'], /--workers: 0 is not an integer from 1 to 256/],
    [['--anonymize-ip', '5'], /--anonymize-ip: 5 is not an integer from 0 to 4/],
    [['--in', 'ftp://logs/'], /--in: "ftp:\/\/logs\/" is not a folder or s3:\/\/bucket\/prefix/],
  ])('%j is refused with the value and what is accepted', async (args, message) => {
    const { logs, lake } = await world();
    const { code, stderr } = await firn('etl', ...(args[0] === '--in' ? [] : ['--in', logs]), '--out', lake, ...args);
    expect(code).toBe(1);
    expect(stderr).toMatch(/error when running the ETL/);
    expect(stderr).toMatch(message);
    expect(existsSync(lake)).toBe(false);
  });

  test('a lake inside the logs folder is refused: its parts would be read as logs', async () => {
    const { logs } = await world();
    const { code, stderr } = await firn('etl', '--in', logs, '--out', join(logs, 'lake'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/--out: ".*lake" is inside --in/);
  });

  test('--since and --until select logs by the date in their name; the rest waits for another run', async () => {
    const { logs, lake } = await world();
    await writeLog(logs, logName('2025-11-27-23', 'a'), [pageView(1, '2025-11-27 23:00:00')]);
    await writeLog(logs, logName('2025-11-28-10', 'b'), [pageView(2, '2025-11-28 10:00:00')]);
    await writeLog(logs, logName('2025-11-29-00', 'c'), [pageView(3, '2025-11-29 00:00:00')]);
    await writeLog(logs, 'not-cloudfront.gz', [pageView(4)]);
    const ranged = JSON.parse((await firn('etl', '--in', logs, '--out', lake, '--since', '2025-11-28', '--until', '2025-11-28', '--json')).stdout);
    expect(ranged).toMatchObject({ files: 1, outOfRange: 3, good: 1 });
    expect((await lakeEvents(lake)).map((r) => r.values[column('event_id')])).toEqual([eid(2)]);
    const rest = JSON.parse((await firn('etl', '--in', logs, '--out', lake, '--json')).stdout);
    expect(rest).toMatchObject({ files: 3, skipped: 1, outOfRange: 0, good: 3 });
  });

  test('--dry-run reads and counts everything and writes nothing', async () => {
    const { logs, lake } = await world();
    await writeLog(logs, logName('2025-11-28-10', 'a'), [pageView(1), pageView(1), ...fragmentLines(eid(9), 2)]);
    await writeLog(logs, logName('2025-11-28-11', 'b'), [pageView(1, '2025-11-28 11:00:00'), pageView(2, '2025-11-28 11:00:01')]);
    const dry = JSON.parse((await firn('etl', '--in', logs, '--out', lake, '--dry-run', '--json')).stdout);
    expect(existsSync(lake)).toBe(false);
    const real = JSON.parse((await firn('etl', '--in', logs, '--out', lake, '--json')).stdout);
    const { seconds: _a, dryRun, ...dryCounts } = dry;
    const { seconds: _b, dryRun: realDry, ...realCounts } = real;
    expect([dryRun, realDry]).toEqual([true, false]);
    expect(dryCounts).toEqual(realCounts);
    expect(real).toMatchObject({ good: 2, duplicates: 2, fragments: { reassembled: 2, events: { good: 1 } } });
  });

  test('--anonymize-ip replaces octets of user_ipaddress', async () => {
    const { logs, lake } = await world();
    await writeLog(logs, logName('2025-11-28-10', 'a'), [pageView(1, '2025-11-28 10:00:00', { ip: '198.51.100.77' })]);
    expect((await firn('etl', '--in', logs, '--out', lake, '--anonymize-ip', '2')).code).toBe(0);
    expect((await lakeEvents(lake))[0]!.values[column('user_ipaddress')]).toBe('198.51.x.x');
  });

  test('--enrichments reads settings from JSON: enrichments off, own campaign parameters, --anonymize-ip over its IP octets', async () => {
    const { dir, logs, lake } = await world();
    const query = pageViewQuery({ eid: eid(1), url: 'https://shop.example/?src=mail&utm_source=ignored' });
    await writeLog(logs, logName('2025-11-28-10', 'a'), [logLine({ at: '2025-11-28 10:00:00', query, ip: '198.51.100.77' })]);
    const settings = join(dir, 'enrichments.json');
    await writeFile(settings, JSON.stringify({ userAgent: false, campaign: { fields: { source: ['src'] } }, ip: { anonymizeOctets: 1 } }));
    expect((await firn('etl', '--in', logs, '--out', lake, '--enrichments', settings)).code).toBe(0);
    const [row] = (await lakeEvents(lake)).map((r) => r.values);
    expect([row![column('br_family')], row![column('mkt_source')], row![column('user_ipaddress')]]).toEqual(['', 'mail', '198.51.100.x']);
    expect((await firn('etl', '--in', logs, '--out', lake + '-2', '--enrichments', settings, '--anonymize-ip', '3')).code).toBe(0);
    expect((await lakeEvents(lake + '-2'))[0]!.values[column('user_ipaddress')]).toBe('198.x.x.x');
  });

  test.each([
    ['{"userAgents": false}', /--enrichments ".*": userAgents: unknown setting \(accepted: urlSplit, campaign, referer, userAgent, fingerprint, crossDomain, ip\)/],
    ['{"referer": {"internalDomains": "shop.example"}}', /referer\.internalDomains: "shop\.example" is not an array of strings/],
    ['{"fingerprint": {"algorithm": "sha1"}}', /fingerprint\.algorithm: "sha1" is not one of xxh3, murmur3, md5/],
    ['{"ip": {"anonymizeOctets": 7}}', /ip\.anonymizeOctets: 7 is not an integer from 0 to 4/],
    ['{"urlSplit": tru', /enrichment settings are not JSON/],
  ])('--enrichments with %s is refused, naming the setting and what is accepted', async (text, message) => {
    const { dir, logs, lake } = await world();
    const settings = join(dir, 'enrichments.json');
    await writeFile(settings, text);
    const { code, stderr } = await firn('etl', '--in', logs, '--out', lake, '--enrichments', settings);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(existsSync(lake)).toBe(false);
  });

  test('--enrichments naming no file is refused', async () => {
    const { dir, logs, lake } = await world();
    const { code, stderr } = await firn('etl', '--in', logs, '--out', lake, '--enrichments', join(dir, 'missing.json'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/--enrichments: ".*missing\.json" does not exist/);
  });

  test('without a terminal: one plain summary line, no progress bar; --json has the counts', async () => {
    const { logs, lake } = await world();
    await writeLog(logs, logName('2025-11-28-10', 'a'), [pageView(1), pageView(1)]);
    const plain = await firn('etl', '--in', logs, '--out', lake + '-plain');
    expect(plain.stderr).not.toMatch(/\r|\x1b\[/);
    expect(plain.stderr.trim()).toMatch(/^1 log file processed, 0 already done: 4 lines → 1 good, 0 bad, 2 discarded, 1 duplicate; 1 part written to .* in [\d.]+ s/);
    const json = JSON.parse((await firn('etl', '--in', logs, '--out', lake, '--json')).stdout);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['files', 'lines', 'good', 'bad', 'discarded', 'duplicates', 'fragments', 'bytes', 'seconds', 'failed']));
    expect(Object.keys(json.fragments)).toEqual(expect.arrayContaining(['reassembled', 'pending', 'expired']));
  });
});

describe('the progress bar', () => {
  test('shows files, lines, MB/s and the time left', () => {
    expect(formatProgress({ files: 3, totalFiles: 8, lines: 1_234_567, bytes: 50e6, totalBytes: 200e6, seconds: 5 })).toBe(
      '[██████░░░░░░░░░░░░░░░░░░] 3/8 files · 1.2M lines · 10.0 MB/s · ETA 0:15',
    );
    expect(formatProgress({ files: 0, totalFiles: 2, lines: 0, bytes: 0, totalBytes: 10, seconds: 0 })).toMatch(/ETA –$/);
  });
});
