/** One section of BENCHMARKS.md: a title and label/value rows measured in the same run. */
export interface BenchResult {
  readonly title: string;
  readonly rows: readonly (readonly [label: string, value: string])[];
  readonly note?: string;
}
