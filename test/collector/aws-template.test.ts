/** The AWS deployment (infra/aws/firn.template.json): parsed and checked property by property; no AWS needed. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { MANAGED, templateText } from '../../infra/aws/template.ts';
import { PIXEL_GIF } from '../../infra/collector/routes.ts';
import { packageRoot } from '../../node/paths.ts';

const FILE = join(packageRoot, 'infra/aws/firn.template.json');

type Node = Record<string, unknown>;
interface Resource {
  readonly Type: string;
  readonly Properties: Node;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}
interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: unknown;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Node;
}

const cfnLint = await run('cfn-lint', ['--version']).then(
  () => true,
  () => false,
);
const parsed = JSON.parse(await readFile(FILE, 'utf8')) as { Parameters: Node; Conditions: Node; Resources: Record<string, Resource>; Outputs: Record<string, { Value: unknown }> };
const resources = parsed.Resources;
const ofType = (type: string): [string, Resource][] => Object.entries(resources).filter(([, r]) => r.Type === type);
const actions = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const distribution = resources['Distribution']!.Properties['DistributionConfig'] as Node & { CacheBehaviors: Node[]; DefaultCacheBehavior: Node; Origins: Node[]; Logging: Node };

/** Every statement of every policy in the template: bucket policies, role inline policies, managed policies. */
function allStatements(): [where: string, statement: Statement][] {
  const found: [string, Statement][] = [];
  for (const [name, r] of Object.entries(resources)) {
    const documents: Node[] = [];
    if (r.Properties['PolicyDocument']) documents.push(r.Properties['PolicyDocument'] as Node);
    for (const p of (r.Properties['Policies'] as { PolicyDocument: Node }[] | undefined) ?? []) documents.push(p.PolicyDocument);
    if (r.Properties['AssumeRolePolicyDocument']) documents.push(r.Properties['AssumeRolePolicyDocument'] as Node);
    for (const d of documents) for (const s of d['Statement'] as Statement[]) found.push([name, s]);
  }
  return found;
}

function bucketPolicyOf(bucket: string): Statement[] {
  const [, policy] = ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties['Bucket']) === JSON.stringify({ Ref: bucket }))!;
  return (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement;
}

describe('the CloudFormation template', () => {
  test('is generated from infra/aws/template.ts (the committed file is up to date), with the pixel GIF beside it', async () => {
    expect(await readFile(FILE, 'utf8')).toBe(templateText());
    expect(new Uint8Array(await readFile(join(packageRoot, 'infra/aws/i.gif')))).toEqual(new Uint8Array(PIXEL_GIF));
  });

  test('has the three buckets, each with public access blocked and encryption at rest', () => {
    expect(ofType('AWS::S3::Bucket').map(([name]) => name).sort()).toEqual(['EventsBucket', 'LogsBucket', 'PixelBucket']);
    for (const [name, bucket] of ofType('AWS::S3::Bucket')) {
      expect(bucket.Properties['PublicAccessBlockConfiguration'], name).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(JSON.stringify(bucket.Properties['BucketEncryption']), name).toContain('"SSEAlgorithm":"AES256"');
    }
  });

  test('every bucket policy refuses requests without TLS, on the bucket and its objects', () => {
    for (const [name] of ofType('AWS::S3::Bucket')) {
      const deny = bucketPolicyOf(name).find((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}');
      expect(deny, name).toBeDefined();
      expect(deny!.Principal).toBe('*');
      expect(deny!.Action).toBe('s3:*');
      expect(deny!.Resource).toEqual([{ 'Fn::GetAtt': [name, 'Arn'] }, { 'Fn::Sub': `\${${name}.Arn}/*` }]);
    }
  });

  test('no policy allows a wildcard action; the only wildcard is s3:* in the TLS-only denies', () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(10);
    for (const [where, s] of statements) {
      for (const action of actions(s)) {
        if (!action.includes('*')) continue;
        expect([where, s.Effect, action, JSON.stringify(s.Condition)]).toEqual([where, 'Deny', 's3:*', '{"Bool":{"aws:SecureTransport":"false"}}']);
      }
      if (s.Effect === 'Allow') expect(s.Principal, where).not.toBe('*');
    }
  });

  test('the pixel bucket is read only by this distribution, through an origin access control', () => {
    const [[oacName, oac]] = ofType('AWS::CloudFront::OriginAccessControl') as [[string, Resource]];
    expect(oac.Properties['OriginAccessControlConfig']).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    expect(distribution.Origins).toEqual([
      { Id: 'pixel', DomainName: { 'Fn::GetAtt': ['PixelBucket', 'RegionalDomainName'] }, S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: { 'Fn::GetAtt': [oacName, 'Id'] } },
    ]);
    const allows = bucketPolicyOf('PixelBucket').filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Sid: 'AllowThisDistributionToRead',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Sub': '${PixelBucket.Arn}/*' },
        Condition: { StringEquals: { 'AWS:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}' } } },
      },
    ]);
    expect(resources['PixelBucket']!.Properties['OwnershipControls']).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  test('logs go to the logs bucket with standard logging, no cookies, under cloudfront/', () => {
    expect(distribution.Logging).toEqual({ Bucket: { 'Fn::GetAtt': ['LogsBucket', 'DomainName'] }, Prefix: 'cloudfront/', IncludeCookies: false });
    expect(parsed.Outputs['LogsUrl']!.Value).toEqual({ 'Fn::Sub': 's3://${LogsBucket}/cloudfront/' });
  });

  test('the logs bucket is versioned, moves to cheaper storage with age, keeps ACLs for log delivery, and is protected from deletion', () => {
    const logs = resources['LogsBucket']!;
    expect(logs.Properties['VersioningConfiguration']).toEqual({ Status: 'Enabled' });
    expect(logs.Properties['OwnershipControls']).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] }); // legacy logging writes with ACLs
    const [rule] = (logs.Properties['LifecycleConfiguration'] as { Rules: { Status: string; Transitions: { StorageClass: string }[] }[] }).Rules;
    expect(rule!.Status).toBe('Enabled');
    expect(rule!.Transitions.map((t) => t.StorageClass)).toEqual(['STANDARD_IA', 'GLACIER_IR']);
    expect([logs.DeletionPolicy, logs.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    expect(bucketPolicyOf('LogsBucket')).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: ['s3:DeleteBucket', 's3:DeleteObjectVersion'] }));
    expect([resources['EventsBucket']!.DeletionPolicy, resources['EventsBucket']!.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  test('both buckets written by multipart uploads abort unfinished ones, which S3 would otherwise keep and bill', () => {
    for (const name of ['LogsBucket', 'EventsBucket']) {
      const rules = (resources[name]!.Properties['LifecycleConfiguration'] as { Rules: { Status: string; AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number } }[] }).Rules;
      expect(rules.some((r) => r.Status === 'Enabled' && (r.AbortIncompleteMultipartUpload?.DaysAfterInitiation ?? 0) >= 1), name).toBe(true);
    }
  });

  test('HTTPS only; the pixel is never cached, the versioned tracker cached long', () => {
    const behaviours = [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors];
    for (const b of behaviours) expect(b['ViewerProtocolPolicy']).toBe('redirect-to-https');
    const byPath = Object.fromEntries(distribution.CacheBehaviors.map((b) => [b['PathPattern'], b]));
    expect(byPath['/i']).toMatchObject({ CachePolicyId: MANAGED.cachingDisabled, AllowedMethods: ['GET', 'HEAD', 'OPTIONS'] });
    expect(distribution.DefaultCacheBehavior['CachePolicyId']).toBe(MANAGED.cachingDisabled);
    expect(byPath['/t/*']).toMatchObject({ CachePolicyId: MANAGED.cachingOptimized, Compress: true });
  });

  test('credentialed CORS on the pixel, like the local collector: listed origins echoed with Allow-Credentials, preflights answered, no *', () => {
    const [[policyName, policy]] = ofType('AWS::CloudFront::ResponseHeadersPolicy') as [[string, Resource]];
    const cors = (policy.Properties['ResponseHeadersPolicyConfig'] as { CorsConfig: Node }).CorsConfig as Node & Record<string, { Items: unknown }>;
    expect(cors['AccessControlAllowCredentials']).toBe(true);
    expect(cors['AccessControlAllowOrigins']!.Items).toEqual({ Ref: 'SiteOrigins' });
    expect(cors['AccessControlAllowMethods']!.Items).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(JSON.stringify(cors['AccessControlAllowHeaders'])).not.toContain('*'); // CloudFront refuses * with credentials
    expect(cors['OriginOverride']).toBe(true);
    const pixel = distribution.CacheBehaviors.find((b) => b['PathPattern'] === '/i')!;
    expect(pixel).toMatchObject({ ResponseHeadersPolicyId: { Ref: policyName }, OriginRequestPolicyId: MANAGED.corsS3Origin });
    const s3Cors = (resources['PixelBucket']!.Properties['CorsConfiguration'] as { CorsRules: Node[] }).CorsRules;
    expect(s3Cors).toEqual([expect.objectContaining({ AllowedOrigins: { Ref: 'SiteOrigins' }, AllowedMethods: ['GET', 'HEAD'] })]);
    expect(parsed.Parameters['SiteOrigins']).toMatchObject({ Type: 'CommaDelimitedList' });
  });

  test('the events bucket lets the configured playground origin read it from a browser', () => {
    const rules = (resources['EventsBucket']!.Properties['CorsConfiguration'] as { CorsRules: Node[] }).CorsRules;
    expect(rules).toEqual([expect.objectContaining({ AllowedOrigins: [{ Ref: 'PlaygroundOrigin' }], AllowedMethods: ['GET', 'HEAD'] })]);
  });

  test('an alias and its ACM certificate are optional, together', () => {
    expect(parsed.Parameters['AliasDomain']).toMatchObject({ Default: '' });
    expect(parsed.Parameters['CertificateArn']).toMatchObject({ Default: '' });
    expect(distribution['Aliases']).toEqual({ 'Fn::If': ['HasAlias', [{ Ref: 'AliasDomain' }], { Ref: 'AWS::NoValue' }] });
    expect(JSON.stringify(distribution['ViewerCertificate'])).toContain('"AcmCertificateArn":{"Ref":"CertificateArn"}');
    expect(parsed.Conditions['HasAlias']).toBeDefined();
  });

  test('roles are least privilege: the ETL reads logs and writes events, nothing else', () => {
    // The ETL merge (etl/aws/merge.ts) moves the role's inline policy into its own resource.
    const etl = JSON.stringify(resources['EtlPolicy']!.Properties['PolicyDocument']);
    for (const action of ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 'logs:PutLogEvents']) expect(etl).toContain(`"${action}"`);
    expect(etl).not.toMatch(/s3:Delete|iam:|"Resource":"\*"/);
    expect(etl).not.toContain('PixelBucket');
    expect(Object.keys(parsed.Outputs)).toEqual(expect.arrayContaining(['CollectorUrl', 'PixelUrl', 'TrackerUrlPrefix', 'DistributionId', 'LogsUrl', 'EventsUrl', 'EtlRoleArn']));
  });

  test.skipIf(!cfnLint)('passes cfn-lint (when installed)', async () => {
    await expect(run('cfn-lint', ['--regions', 'us-east-1', 'eu-west-1', '--', FILE])).resolves.toBeDefined();
  });
});

function run(command: string, args: string[]): Promise<unknown> {
  return promisify(execFile)(command, args, { timeout: 60_000 });
}
