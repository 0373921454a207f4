/** The `user-agents` npm package's corpus: UAs seen on real sites, with traffic weights (test and bench data). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../node/paths.ts';

export interface CorpusEntry {
  readonly userAgent: string;
  readonly weight: number;
}

/** Every entry (a UA may appear more than once, with other device details). */
export function userAgentCorpus(): CorpusEntry[] {
  // the package's exports hide its data file; it sits in node_modules like any installed file
  return JSON.parse(readFileSync(join(packageRoot, 'node_modules/user-agents/dist/user-agents.json'), 'utf8')) as CorpusEntry[];
}
