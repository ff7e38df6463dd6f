/**
 * `npm run infra:generate [-- --check]`: writes `infra/generated/manifest.json`, the deploy view Terraform reads
 * with `jsondecode(file(...))`; with `--check`, fails instead when the committed file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { currentInputs } from './deploy-inputs.ts';
import { deployView } from './deploy-view.ts';
import { generatedFile, renderView, staleness } from './generated-file.ts';

const content = renderView(deployView(await currentInputs()));
if (process.argv.includes('--check')) {
  const problem = staleness(content);
  console.log(problem ?? 'infra/generated/manifest.json is up to date');
  process.exitCode = problem ? 1 : 0;
} else {
  mkdirSync(dirname(generatedFile), { recursive: true });
  writeFileSync(generatedFile, content);
  console.log(`wrote ${generatedFile}`);
}
