/**
 * `npx tsx etl/aws/build.ts`: writes the ETL's CloudFormation fragment
 * (`etl/aws/etl-lambda.template.json`, for review and merging) and the Lambda bundle
 * (`dist/lambda-etl/`: index.mjs, the parser, a package.json; zip the folder, or let
 * `aws cloudformation package` do it).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../node/paths.ts';
import { bundleLambda } from './bundle.ts';
import { etlFragment } from './fragment.ts';

await writeFile(join(packageRoot, 'etl/aws/etl-lambda.template.json'), JSON.stringify(etlFragment(), null, 2) + '\n');
const dir = await bundleLambda();
process.stderr.write(`wrote etl/aws/etl-lambda.template.json and ${dir}\n`);
