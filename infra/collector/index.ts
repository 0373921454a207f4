/** The local collector: `startCollector` and its types. `command.ts` is the `firn collector` CLI. */
export { startCollector, type Collector, type CollectorConfig, type ResolvedCollectorConfig } from './collector.ts';
export { LOG_OBJECT_KEY } from './naming.ts';
