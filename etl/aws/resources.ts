/**
 * The ETL's CloudFormation resources, as code, for the collector's template
 * (`infra/aws/template.ts`, which owns the buckets and `EtlRole`): the Lambda function, its log
 * group, S3's permission to invoke it, the trigger on the logs bucket, and the Athena table
 * (a Glue database and a named query holding the DDL generated from the schema file).
 *
 * `withEtl(template)` merges them into that template (`merge.ts`); the standalone fragment is
 * written to `etl/aws/etl-lambda.template.json` by `npx tsx etl/aws/build.ts` for review.
 *
 * Dependencies are chosen so the merged template has no cycle: the logs bucket depends on the
 * function (its notification) and on the permission; so neither may depend on the bucket. The
 * function therefore gets the logs *prefix* only (the bucket comes with each event), and the
 * permission is limited by account, not by bucket ARN.
 */
import { athenaDdl } from '../athena.ts';
import { lakeSchema } from '../lake-files.ts';

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

const ref = (name: string): Json => ({ Ref: name });
const att = (resource: string, attribute: string): Json => ({ 'Fn::GetAtt': [resource, attribute] });
const sub = (text: string): Json => ({ 'Fn::Sub': text });

export interface EtlNames {
  /** Logical ids in the host template. */
  readonly logsBucket: string;
  readonly eventsBucket: string;
  readonly role: string;
  /** Where CloudFront writes logs inside the logs bucket, ending with `/`. */
  readonly logsPrefix: string;
}

export const DEFAULT_NAMES: EtlNames = { logsBucket: 'LogsBucket', eventsBucket: 'EventsBucket', role: 'EtlRole', logsPrefix: 'cloudfront/' };

export function etlParameters(): Record<string, Json> {
  return {
    EtlCodeBucket: { Type: 'String', Description: 'S3 bucket holding the ETL Lambda bundle (dist/lambda-etl, zipped; `aws cloudformation package` does it)' },
    EtlCodeKey: { Type: 'String', Description: 'Key of the zipped bundle in EtlCodeBucket' },
    EtlMemoryMB: { Type: 'Number', Default: 1024, MinValue: 512, MaxValue: 10240, Description: 'Lambda memory; CPU grows with it (the ETL itself stays under 256 MB)' },
    EtlAnonymizeIp: { Type: 'Number', Default: 0, MinValue: 0, MaxValue: 4, Description: 'IPv4 octets (and IPv6 groups) of user_ipaddress replaced by x' },
    EtlEnrichments: { Type: 'String', Default: '{}', Description: 'Enrichment settings as JSON, as `firn etl --enrichments` reads them (etl/README.md); {} keeps every enrichment on' },
    AthenaDatabase: { Type: 'String', Default: 'firn', AllowedPattern: '[a-z0-9_]+', Description: 'Glue database of the events table' },
  };
}

export function etlResources(names: EtlNames = DEFAULT_NAMES): Record<string, Json> {
  const location = `s3://\${${names.eventsBucket}}/events/`;
  return {
    // The log group the role may write to (`/aws/lambda/<stack>-etl`), with a retention.
    EtlLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: sub('/aws/lambda/${AWS::StackName}-etl'), RetentionInDays: 90 } },
    EtlFunction: {
      Type: 'AWS::Lambda::Function',
      DependsOn: ['EtlLogGroup'],
      Properties: {
        FunctionName: sub('${AWS::StackName}-etl'),
        Description: 'Firn ETL: each new CloudFront log → events, exactly once (etl/README.md)',
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Role: att(names.role, 'Arn'),
        Code: { S3Bucket: ref('EtlCodeBucket'), S3Key: ref('EtlCodeKey') },
        MemorySize: ref('EtlMemoryMB'),
        // A log of CloudFront's is minutes of work at most; the limit is Lambda's.
        Timeout: 900,
        // Staged parts and id files live in /tmp until published.
        EphemeralStorage: { Size: 2048 },
        Environment: {
          Variables: {
            FIRN_ETL_IN: names.logsPrefix,
            FIRN_ETL_OUT: sub(`s3://\${${names.eventsBucket}}/`),
            FIRN_ANONYMIZE_IP: ref('EtlAnonymizeIp'),
            FIRN_ENRICHMENTS: ref('EtlEnrichments'),
          },
        },
      },
    },
    // S3 retries nothing itself; Lambda retries a failed invocation twice, then drops it (the next CLI run picks the log up).
    EtlRetries: { Type: 'AWS::Lambda::EventInvokeConfig', Properties: { FunctionName: ref('EtlFunction'), Qualifier: '$LATEST', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 } },
    EtlInvokePermission: {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: att('EtlFunction', 'Arn'), Principal: 's3.amazonaws.com', SourceAccount: ref('AWS::AccountId') },
    },
    EventsDatabase: { Type: 'AWS::Glue::Database', Properties: { CatalogId: ref('AWS::AccountId'), DatabaseInput: { Name: ref('AthenaDatabase'), Description: 'Firn events' } } },
    EventsTableQuery: {
      Type: 'AWS::Athena::NamedQuery',
      DependsOn: ['EventsDatabase'],
      Properties: {
        Name: 'firn: create the events table',
        Description: 'Run once: the events table over the lake, partition projection on date (generated by etl/athena.ts)',
        Database: ref('AthenaDatabase'),
        QueryString: sub(athenaDdl(lakeSchema(), { location, database: '${AthenaDatabase}' }).replaceAll('${date}', '${!date}')),
      },
    },
  };
}

/** What the logs bucket gains: the trigger, and the dependency S3 checks it against. */
export function logsBucketTrigger(names: EtlNames = DEFAULT_NAMES): { readonly DependsOn: readonly string[]; readonly NotificationConfiguration: Json } {
  return {
    DependsOn: ['EtlInvokePermission'],
    NotificationConfiguration: {
      LambdaConfigurations: [
        {
          Event: 's3:ObjectCreated:*',
          Function: att('EtlFunction', 'Arn'),
          Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: names.logsPrefix }, { Name: 'suffix', Value: '.gz' }] } },
        },
      ],
    },
  };
}

export function etlOutputs(): Record<string, Json> {
  return {
    EtlFunctionArn: { Description: 'The ETL Lambda', Value: att('EtlFunction', 'Arn') },
    EventsTableQueryId: { Description: 'Named query creating the Athena events table: run it once', Value: ref('EventsTableQuery') },
  };
}
