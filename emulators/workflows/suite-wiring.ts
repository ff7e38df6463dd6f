/** How the local suite starts the Workflows stand-in: its flags, with triggers derived from the manifest. */
import { basename, extname, join } from 'node:path';
import { workflows } from '../../functions/manifest.ts';
import type { WorkflowSpec } from '../../functions/manifest.types.ts';
import type { Trigger } from './eventarc-trigger.ts';

/** One Eventarc-style trigger per manifest workflow; the workflow id is its YAML file's basename. */
export function manifestTriggers(): Trigger[] {
  return Object.values(workflows as Record<string, WorkflowSpec>).map((w) => ({
    workflow: basename(w.source, extname(w.source)),
    topic: w.trigger.topic,
  }));
}

export interface WorkflowsChildConfig {
  root: string;
  port: number;
  stateDir: string;
  projectId: string;
  /** `FUNCTIONS_BASE_URL + "/" + functionName` reaches a function, as with production function URLs. */
  functionsBaseUrl: string;
  pubsubHost: string;
}

/** The command-line arguments of `emulators/workflows/main.ts` for the suite. */
export function workflowsArgs(c: WorkflowsChildConfig): string[] {
  return [
    '--port',
    String(c.port),
    '--data-dir',
    join(c.stateDir, 'workflows'),
    '--project',
    c.projectId,
    '--location',
    'us-central1',
    '--workflows-dir',
    join(c.root, 'infra', 'workflows'),
    '--env',
    JSON.stringify({ FUNCTIONS_BASE_URL: c.functionsBaseUrl, GOOGLE_CLOUD_PROJECT_ID: c.projectId }),
    '--triggers',
    JSON.stringify(manifestTriggers()),
    '--pubsub-host',
    c.pubsubHost,
  ];
}
