/**
 * What a benchmarked flow cost the platform, read from the local suite: push deliveries by outcome (the
 * function host's `/_deliveries`), the Firestore writes its functions made (`/_writes`), and workflow
 * executions, including those that ended `{"skipped": …}`.
 */

import type { WriteCounts } from '../emulators/firestore-write-counts.ts';
import { listExecutions } from '../emulators/workflows/client.ts';
import { workflows } from '../functions/manifest.ts';
import type { WorkflowSpec } from '../functions/manifest.types.ts';
import { type DeliveryCounts, deliveriesBetween } from '../functions/platform/messaging/delivery-counts.ts';
import type { BenchSuite, Figures } from './bench.types.ts';

const readDeliveries = async (suite: BenchSuite) =>
  (await (await fetch(`${suite.apiUrl}/_deliveries`)).json()) as DeliveryCounts;
const readWrites = async (suite: BenchSuite) =>
  (await (await fetch(`${suite.apiUrl}/_writes`)).json()) as WriteCounts;

const workflowIds = () =>
  Object.values(workflows as Record<string, WorkflowSpec>).map((w) =>
    (w.source.split('/').pop() as string).replace(/\.ya?ml$/, ''),
  );

/** Starts counting; the returned function gives the figures since then (divided by `per` when given). */
export async function startCosting(suite: BenchSuite) {
  const [before, writesBefore] = await Promise.all([readDeliveries(suite), readWrites(suite)]);
  const since = Date.now();
  return async ({ per, unit }: { per?: number; unit?: string } = {}): Promise<Figures> => {
    const [after, writesAfter] = await Promise.all([readDeliveries(suite), readWrites(suite)]);
    const d = deliveriesBetween(before, after);
    // Which functions the failed (redelivered) and filtered deliveries went to: where to look next.
    for (const outcome of ['failed', 'filtered', 'filtered-upstream'] as const) {
      const by = Object.entries(after)
        .map(([fn, c]) => [fn, c[outcome] - (before[fn]?.[outcome] ?? 0)] as const)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1]);
      if (by.length > 0)
        console.log(`${outcome} deliveries by function: ${by.map(([f, n]) => `${f} ${n}`).join(', ')}`);
    }
    const client = { host: suite.env.WORKFLOWS_EMULATOR_HOST, projectId: suite.projectId };
    const executions = (await Promise.all(workflowIds().map((w) => listExecutions(w, client))))
      .flat()
      .filter((e) => Date.parse(e.startTime) >= since);
    const skipped = executions.filter((e) => e.result !== undefined && /"skipped"/.test(e.result)).length;
    const scale = per ? 1 / per : 1;
    const suffix = per ? `/${unit ?? 'item'}` : '';
    return {
      // Every push that reached function code (a redelivery counts again)…
      deliveries: {
        value: (d.processed + d.duplicate + d['dead-lettered'] + d.failed + d.filtered) * scale,
        unit: `deliveries${suffix}`,
      },
      // …of which the function discarded unread (a type its subscription's filter excludes).
      ignoredDeliveries: { value: d.filtered, unit: 'deliveries' },
      // Pushes of excluded types the emulator made anyway (it ignores filters); the host dropped them before
      // any function code, as Pub/Sub does upstream: no production cost.
      filteredUpstream: { value: d['filtered-upstream'], unit: 'deliveries' },
      duplicateDeliveries: { value: d.duplicate, unit: 'deliveries' },
      failedDeliveries: { value: d.failed, unit: 'deliveries' },
      // Document writes and commits the functions made (transactions, batches and single writes alike).
      firestoreWrites: { value: (writesAfter.writes - writesBefore.writes) * scale, unit: `writes${suffix}` },
      firestoreCommits: {
        value: (writesAfter.commits - writesBefore.commits) * scale,
        unit: `commits${suffix}`,
      },
      workflowExecutions: { value: executions.length * scale, unit: `executions${suffix}` },
      skippedWorkflowExecutions: { value: skipped, unit: 'executions' },
    };
  };
}
