/**
 * The schemas CLI: `node --import tsx schemas/tools/generate.ts [--check | --publish]`.
 * Writes schemas/generated/, or checks it (and the published versions) without writing, or snapshots new versions.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { currentArtifacts } from './artifacts.ts';
import { allMessages } from './catalog.ts';
import { checkContracts } from './check.ts';
import { currentSchemas, publish } from './published.ts';
import { writeArtifacts } from './stale.ts';

const folders = {
  generatedDir: fileURLToPath(new URL('../generated', import.meta.url)),
  publishedDir: fileURLToPath(new URL('../published', import.meta.url)),
};
const args = new Set(process.argv.slice(2));
const messages = allMessages();
const artifacts = await currentArtifacts();

if (args.has('--publish')) {
  const written = publish(folders.publishedDir, currentSchemas(messages));
  // Snapshots are committed source, so they get the repository's formatting.
  if (written.length > 0)
    execFileSync('npx', ['biome', 'format', '--write', ...written], { stdio: 'inherit' });
  console.log(written.length ? `published:\n  ${written.join('\n  ')}` : 'nothing new to publish');
}
if (!args.has('--check')) writeArtifacts(folders.generatedDir, artifacts);

const problems = checkContracts(folders, artifacts, messages);
for (const p of problems) console.error(p);
console.log(
  problems.length ? `${problems.length} contract problem(s)` : `contracts ok (${artifacts.size} artifacts)`,
);
process.exitCode = problems.length ? 1 : 0;
