/**
 * Merging the ETL into the collector's template (`infra/aws/template.ts`): parameters,
 * resources and outputs are added; the logs bucket gains the trigger; and `EtlRole`'s inline
 * policy moves into its own `EtlPolicy` resource. That last step breaks the one cycle the
 * trigger would make (bucket → function → role → bucket ARN in the role's policy), without
 * changing a single permission.
 */
import { DEFAULT_NAMES, etlOutputs, etlParameters, etlResources, logsBucketTrigger, type EtlNames, type Json } from './resources.ts';

type Template = { readonly [key: string]: Json };
type Resource = { readonly Type: string; readonly Properties?: { readonly [key: string]: Json }; readonly [key: string]: Json | undefined };

export function withEtl(template: Template, names: EtlNames = DEFAULT_NAMES): Template {
  const resources = { ...(template['Resources'] as Record<string, Resource>) };
  const role = resources[names.role];
  const bucket = resources[names.logsBucket];
  if (!role || !bucket || !resources[names.eventsBucket]) throw new Error(`the template has no ${[names.role, names.logsBucket, names.eventsBucket].filter((n) => !resources[n]).join(', ')}`);
  const { Policies: policies, ...roleProperties } = role.Properties ?? {};
  resources[names.role] = { ...role, Properties: roleProperties };
  const extra: Record<string, Json> = {};
  for (const [i, policy] of ((policies ?? []) as readonly { PolicyName: string; PolicyDocument: Json }[]).entries())
    extra[i === 0 ? 'EtlPolicy' : `EtlPolicy${i + 1}`] = { Type: 'AWS::IAM::Policy', Properties: { PolicyName: policy.PolicyName, PolicyDocument: policy.PolicyDocument, Roles: [{ Ref: names.role }] } };
  const trigger = logsBucketTrigger(names);
  resources[names.logsBucket] = {
    ...bucket,
    DependsOn: [...((bucket['DependsOn'] as readonly string[] | undefined) ?? []), ...trigger.DependsOn],
    Properties: { ...bucket.Properties, NotificationConfiguration: trigger.NotificationConfiguration },
  };
  return {
    ...template,
    Parameters: { ...(template['Parameters'] as Record<string, Json>), ...etlParameters() },
    Resources: { ...(resources as Record<string, Json>), ...extra, ...etlResources(names) },
    Outputs: { ...(template['Outputs'] as Record<string, Json>), ...etlOutputs() },
  };
}
