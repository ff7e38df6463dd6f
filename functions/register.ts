/** Registers manifest functions with functions-framework: the same code runs in Cloud Run and in the local host. */
import * as ff from '@google-cloud/functions-framework';
import { entries, type FunctionName, handlerModule, type ManifestEntry } from './manifest.ts';
import type {
  HttpTrigger,
  ScheduleTrigger,
  StorageTrigger,
  Trigger,
  WorkflowTrigger,
} from './manifest.types.ts';
import { bodyLimitOf, capRequestBodies } from './platform/http/body-limit.ts';
import { type HttpHandlerDef, toHttpFunction } from './platform/http/http-handler.ts';
import { type EventHandlerDef, toCloudEventFunction } from './platform/messaging/event-handler.ts';
import { type StorageHandlerDef, toStorageFunction } from './platform/storage/storage-handler.ts';

type HandlerDef = HttpHandlerDef | EventHandlerDef | StorageHandlerDef;

/** The handler kind each trigger kind needs: a workflow step is an HTTP handler on an internal route. */
export function handlerKind(trigger: Trigger['kind']): HandlerDef['kind'] {
  if (trigger === 'pubsub') return 'event';
  if (trigger === 'storage') return 'storage';
  return 'http';
}

/**
 * A workflow step or a scheduled job as the HTTP layer sees it: POST, no Firebase identity. In production only
 * the saga's (or Cloud Scheduler's) service account may invoke it (Cloud Run IAM + internal ingress); the
 * public gateway never routes to it.
 */
export const asWorkflowRoute = (
  e: ManifestEntry<WorkflowTrigger> | ManifestEntry<ScheduleTrigger>,
): ManifestEntry<HttpTrigger> => ({
  ...e,
  trigger: { kind: 'http', method: 'POST', path: e.trigger.path, roles: 'public' },
});

/** Where several functions share a process (the local host builds each app with its own limit). */
const PLATFORM_DEFAULT = 1_048_576;

// Source runs as .ts locally and as compiled .js when deployed.
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** Imports a function's handler module and checks it exports what its trigger needs. */
export async function loadHandler(e: ManifestEntry): Promise<HandlerDef> {
  const url = new URL(`./${handlerModule(e).replace(/\.ts$/, ext)}`, import.meta.url);
  const mod = (await import(url.href)) as { default?: HandlerDef };
  const def = mod.default;
  const want = handlerKind(e.trigger.kind);
  if (def?.kind !== want)
    throw new Error(`${handlerModule(e)} must export default a ${want} handler for ${e.name}`);
  return def;
}

/** Registers the named functions (all by default) under their manifest names. */
export async function registerFunctions(only?: readonly FunctionName[]): Promise<ManifestEntry[]> {
  const selected = entries().filter((e) => !only || only.includes(e.name));
  // A Cloud Run instance serves one function: its parsers take that function's limit.
  const [single] = selected;
  capRequestBodies(() => (single && selected.length === 1 ? bodyLimitOf(single) : PLATFORM_DEFAULT));
  for (const e of selected) {
    const def = await loadHandler(e);
    switch (e.trigger.kind) {
      case 'http':
        ff.http(e.name, toHttpFunction(e as ManifestEntry<HttpTrigger>, def as HttpHandlerDef));
        break;
      case 'pubsub':
        ff.cloudEvent(e.name, toCloudEventFunction(e, def as EventHandlerDef));
        break;
      case 'storage':
        ff.cloudEvent(
          e.name,
          toStorageFunction(e as ManifestEntry<StorageTrigger>, def as StorageHandlerDef),
        );
        break;
      case 'workflow':
      case 'schedule':
        ff.http(
          e.name,
          toHttpFunction(asWorkflowRoute(e as ManifestEntry<WorkflowTrigger>), def as HttpHandlerDef),
        );
        break;
      default: {
        const unknown: never = e.trigger;
        throw new Error(`unknown trigger ${JSON.stringify(unknown)}`);
      }
    }
  }
  return selected;
}
