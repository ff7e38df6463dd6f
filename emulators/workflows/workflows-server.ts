/** The Workflows stand-in server: Executions REST API, `/_health`, and the Eventarc-style Pub/Sub triggers. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PubSub } from '@google-cloud/pubsub';
import { startTriggers, type Trigger } from './eventarc-trigger.ts';
import { handleApi } from './executions-api.ts';
import { ExecutionsService } from './executions-service.ts';
import { WorkflowRegistry } from './workflow-registry.ts';

export interface WorkflowsEmulatorOptions {
  port: number;
  host?: string;
  dataDir: string;
  projectId: string;
  location?: string;
  workflowsDir: string;
  env?: Record<string, string>;
  triggers?: Trigger[];
  /** host:port of the Pub/Sub emulator; required when there are triggers. */
  pubsubHost?: string;
  delayScale?: number;
}

export async function startWorkflowsEmulator(opts: WorkflowsEmulatorOptions) {
  const location = opts.location ?? 'us-central1';
  const registry = new WorkflowRegistry(opts.workflowsDir);
  const service = new ExecutionsService(registry, {
    projectId: opts.projectId,
    location,
    dataDir: opts.dataDir,
    env: opts.env ?? {},
    delayScale: opts.delayScale ?? 1,
  });
  for (const w of registry.all())
    if (!w.ok)
      console.error(
        JSON.stringify({
          severity: 'ERROR',
          message: 'workflow does not load',
          workflow: w.id,
          error: w.error,
        }),
      );

  const triggers = opts.triggers ?? [];
  const missing = triggers.filter((t) => !registry.get(t.workflow));
  if (missing.length > 0)
    throw new Error(`triggers name unknown workflows: ${missing.map((t) => t.workflow).join(', ')}`);
  let pubsub: PubSub | undefined;
  let listening: { close(): Promise<void> } | undefined;
  if (triggers.length > 0) {
    if (!opts.pubsubHost) throw new Error('--pubsub-host is required when there are triggers');
    pubsub = new PubSub({ projectId: opts.projectId, apiEndpoint: opts.pubsubHost });
    listening = await startTriggers(pubsub, triggers, {
      projectId: opts.projectId,
      exists: (w, id) => service.store.has(`${service.workflowName(w)}/executions/${id}`),
      start: (w, argument, id) => service.create(w, argument, id),
    });
  }

  const server = createServer((req, res) => {
    if (req.url === '/_health') {
      const all = registry.all();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          ok: true,
          workflows: all.filter((w) => w.ok).map((w) => w.id),
          broken: Object.fromEntries(all.flatMap((w) => (w.ok ? [] : [[w.id, w.error]]))),
          triggers,
        }),
      );
      return;
    }
    void handleApi(service, opts.projectId, location, req, res);
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    service,
    async close() {
      await listening?.close();
      await pubsub?.close();
      service.abortAll();
      await service.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
