/**
 * Writes what `aws cloudformation deploy` and the pixel bucket need: `firn.template.json`
 * (from `template.ts`) and `i.gif` (the collector's own 43-byte pixel). Run after editing
 * the template: `npx tsx infra/aws/build.ts`. A test fails when the committed files differ.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PIXEL_GIF } from '../collector/routes.ts';
import { templateText } from './template.ts';

const here = dirname(fileURLToPath(import.meta.url));
await writeFile(join(here, 'firn.template.json'), templateText());
await writeFile(join(here, 'i.gif'), PIXEL_GIF);
