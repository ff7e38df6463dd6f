/** The contract check `npm test` runs: generated files are current, published versions are intact and complete. */
import type { MessageDef } from '../message.ts';
import type { Artifacts } from './artifacts.ts';
import { currentSchemas, gate, readSnapshots, unpublished } from './published.ts';
import { staleFiles } from './stale.ts';

export interface ContractFolders {
  generatedDir: string;
  publishedDir: string;
}

/** Every problem, one line each; empty means the contracts are sound. */
export function checkContracts(
  { generatedDir, publishedDir }: ContractFolders,
  artifacts: Artifacts,
  messages: readonly MessageDef[],
): string[] {
  const snapshots = readSnapshots(publishedDir);
  const current = currentSchemas(messages);
  return [
    ...staleFiles(generatedDir, artifacts).map((p) => `generated: ${p} (run npm run schemas)`),
    ...gate(snapshots, current).map((p) => `breaking: ${p} (publish a new version with an upcaster instead)`),
    ...unpublished(snapshots, current).map((t) => `unpublished: ${t} (run npm run schemas -- --publish)`),
  ];
}
