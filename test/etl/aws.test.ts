/**
 * The ETL's AWS side, without an AWS account: the Athena DDL generated from the schema file,
 * the CloudFormation resources merged into the collector's template (no dependency cycle, every
 * reference resolved, the committed fragment up to date), and the Lambda bundle.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { COLUMNS } from '../../contract/index.ts';
import { packageRoot } from '../../node/paths.ts';
import { athenaDdl } from '../../etl/athena.ts';
import { etlFragment } from '../../etl/aws/fragment.ts';
import { withEtl } from '../../etl/aws/merge.ts';
import type { Json } from '../../etl/aws/resources.ts';
import { lakeSchema } from '../../etl/lake-files.ts';
import { LambdaConfigError, lambdaConfig } from '../../etl/lambda.ts';
import { template } from '../../infra/aws/template.ts';

describe('the Athena table', () => {
  const ddl = athenaDdl(lakeSchema(), { location: 's3://events-bucket/lake/events/' });

  test('has the 131 columns in order, typed from the schema file, partitioned by projected date', () => {
    const columns = [...ddl.matchAll(/^ {2}`([a-z_0-9]+)` ([a-z(),0-9]+),?$/gm)].map((m) => m[1]);
    expect(columns).toEqual(COLUMNS.map((c) => c.name));
    expect(ddl).toContain('`collector_tstamp` timestamp');
    expect(ddl).toContain('`br_cookies` tinyint'); // 1/0 in the files
    expect(ddl).toContain('`tr_total` decimal(18,2)');
    expect(ddl).toContain('PARTITIONED BY (`date` string)');
    expect(ddl).toContain("'projection.date.type' = 'date'");
    expect(ddl).toContain("'storage.location.template' = 's3://events-bucket/lake/events/date=${date}/'");
    expect(ddl).toContain("'serialization.null.format' = ''");
    expect(ddl).toMatch(/^CREATE EXTERNAL TABLE IF NOT EXISTS `firn`\.`events` \(/);
  });

  test('refuses a location that is not an S3 folder', () => {
    expect(() => athenaDdl(lakeSchema(), { location: 'events/' })).toThrow(/not s3:\/\/bucket\/prefix\//);
  });
});

/** Logical ids a value refers to: Ref, Fn::GetAtt, ${…} in Fn::Sub, DependsOn. */
function references(value: Json | undefined, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, Json>)) {
      if (key === 'Ref' && typeof v === 'string') out.add(v);
      else if (key === 'Fn::GetAtt') out.add((v as string[])[0]!);
      else if (key === 'Fn::Sub') for (const m of String(Array.isArray(v) ? v[0] : v).matchAll(/\$\{([A-Za-z0-9:]+)(?:\.[A-Za-z]+)?\}/g)) out.add(m[1]!);
      else references(v, out);
    }
  }
  return out;
}

describe('CloudFormation', () => {
  const merged = withEtl(template() as never) as { Parameters: Record<string, Json>; Resources: Record<string, Record<string, Json>> };
  const resources = merged.Resources;

  test('merged into the collector template: the function, its trigger and permission, the Athena query', () => {
    expect(resources['EtlFunction']!['Type']).toBe('AWS::Lambda::Function');
    expect(JSON.stringify(resources['LogsBucket'])).toContain('s3:ObjectCreated:*');
    expect(resources['LogsBucket']!['DependsOn']).toContain('EtlInvokePermission');
    expect(resources['EtlPolicy']!['Type']).toBe('AWS::IAM::Policy');
    expect((resources['EtlRole']!['Properties'] as Record<string, Json>)['Policies']).toBeUndefined();
    expect(JSON.stringify(resources['EventsTableQuery'])).toContain('projection.enabled');
  });

  test('every reference resolves and nothing depends on itself', () => {
    const known = new Set([...Object.keys(resources), ...Object.keys(merged.Parameters), 'AWS::StackName', 'AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::NoValue', 'AWS::URLSuffix']);
    const edges = new Map<string, Set<string>>();
    for (const [name, resource] of Object.entries(resources)) {
      const refs = references(resource as Json);
      for (const r of refs) expect(known, `${name} refers to ${r}`).toContain(r);
      edges.set(name, new Set([...refs].filter((r) => r in resources)));
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') throw new Error(`dependency cycle: ${[...path, name].join(' → ')}`);
      state.set(name, 'visiting');
      for (const next of edges.get(name)!) visit(next, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of edges.keys()) visit(name, []);
  });

  test('the committed fragment is what the code generates', async () => {
    const committed = JSON.parse(await readFile(join(packageRoot, 'etl/aws/etl-lambda.template.json'), 'utf8'));
    expect(committed, 'run `npx tsx etl/aws/build.ts`').toEqual(JSON.parse(JSON.stringify(etlFragment())));
  });

  test('the function reads its logs prefix and lake from the environment, as the handler expects', () => {
    const variables = ((resources['EtlFunction']!['Properties'] as Record<string, Json>)['Environment'] as { Variables: Record<string, Json> }).Variables;
    expect(variables['FIRN_ETL_IN']).toBe('cloudfront/');
    expect(variables['FIRN_ETL_OUT']).toEqual({ 'Fn::Sub': 's3://${EventsBucket}/' });
    expect(variables['FIRN_ENRICHMENTS']).toEqual({ Ref: 'EtlEnrichments' });
  });
});

describe('the Lambda configuration', () => {
  const env = { FIRN_ETL_IN: 'cloudfront/', FIRN_ETL_OUT: 's3://events/' };

  test('FIRN_ENRICHMENTS is read as `firn etl --enrichments` reads its file; a non-zero FIRN_ANONYMIZE_IP is laid over it', () => {
    expect(lambdaConfig(env).enrichments).toEqual({});
    const enrichments = { userAgent: false, ip: { anonymizeOctets: 1, useForwardedFor: true } };
    expect(lambdaConfig({ ...env, FIRN_ENRICHMENTS: JSON.stringify(enrichments), FIRN_ANONYMIZE_IP: '0' }).enrichments).toEqual(enrichments);
    expect(lambdaConfig({ ...env, FIRN_ENRICHMENTS: JSON.stringify(enrichments), FIRN_ANONYMIZE_IP: '2' }).enrichments).toEqual({ ...enrichments, ip: { anonymizeOctets: 2, useForwardedFor: true } });
  });

  test.each([
    [{ FIRN_ENRICHMENTS: '{"campaign": {"field": {}}}' }, /FIRN_ENRICHMENTS: campaign\.field: unknown setting \(accepted: fields, clickIds\)/],
    [{ FIRN_ENRICHMENTS: '{"ip": {"anonymizeSegments": 9}}' }, /FIRN_ENRICHMENTS: ip\.anonymizeSegments: 9 is not an integer from 0 to 8/],
    [{ FIRN_ANONYMIZE_IP: 'all' }, /FIRN_ANONYMIZE_IP: "all" is not an integer from 0 to 4/],
    [{ FIRN_ETL_OUT: 'lake/' }, /FIRN_ETL_OUT: "lake\/" is not s3:\/\/bucket\/prefix/],
  ])('%j is refused, naming the variable and what is accepted', (more, message) => {
    expect(() => lambdaConfig({ ...env, ...more })).toThrow(LambdaConfigError);
    expect(() => lambdaConfig({ ...env, ...more })).toThrow(message);
  });
});

describe('the Lambda bundle', () => {
  test('builds into one module with the parser beside it, and loads', async () => {
    const { bundleLambda } = await import('../../etl/aws/bundle.ts');
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const out = await mkdtemp(join(tmpdir(), 'firn-lambda-'));
    try {
      await bundleLambda(out);
      expect(existsSync(join(out, 'index.mjs'))).toBe(true);
      expect(existsSync(join(out, 'dist/firn.wasm'))).toBe(true);
      const module = (await import(join(out, 'index.mjs'))) as { handler: unknown };
      expect(typeof module.handler).toBe('function');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
