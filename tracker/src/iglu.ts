import type { SelfDescribingJson } from './types.ts';

/** Snowplow's own schemas, which every Snowplow pipeline knows (tracker-protocol.md §5). */
export const snowplow = <T>(name: string, version: string, data: T): SelfDescribingJson<T> => ({
  schema: 'iglu:com.snowplowanalytics.snowplow/' + name + '/jsonschema/' + version,
  data,
});
