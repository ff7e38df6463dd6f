#!/usr/bin/env node
/**
 * `node --import tsx functions/results/cli/relink-results.cli.ts --center <center id> --mrns <file|-> [--dry-run]`
 *
 * Re-keys one center's legacy clinical results (pseudonyms keyed under the center id) under the center code,
 * so they join the patient's images. `--mrns`: the center's patient identifiers, one per line (`-` reads
 * stdin) — a superset is fine. The MRNs are held in memory only, never printed or logged; the report on
 * stdout is one JSON line of counts. Runs with the platform's environment (Firestore, KMS) and may be re-run:
 * already re-keyed results are skipped. Exit 0 on success, 2 for usage errors, 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CenterNotKnown, relinkCenterResults } from './relink-results.ts';

const USAGE = 'usage: relink-results --center <center id> --mrns <file|-> [--dry-run]';

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function args() {
  try {
    return parseArgs({
      options: {
        center: { type: 'string' },
        mrns: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    return usage((e as Error).message);
  }
}

const { center, mrns, 'dry-run': dryRun } = args();
if (!center) usage('--center is required');
if (!mrns) usage('--mrns is required');

try {
  const lines = readFileSync(mrns === '-' ? 0 : mrns, 'utf8').split(/\r?\n/);
  const report = await relinkCenterResults({ centerId: center, mrns: lines, dryRun });
  console.log(JSON.stringify(report));
  process.exit(0);
} catch (e) {
  // The message of a read error names the path, never a file's content.
  console.error(
    e instanceof CenterNotKnown ? e.message : `relink failed: ${(e as Error).name}: ${(e as Error).message}`,
  );
  process.exit(1);
}
