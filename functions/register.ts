/** Registers manifest functions with functions-framework: the same code runs in Cloud Run and in the local host. */
import * as ff from '@google-cloud/functions-framework';
import { entries, type FunctionName, handlerModule, type ManifestEntry } from './manifest.ts';
import type { HttpTrigger } from './manifest.types.ts';
import { type HttpHandlerDef, toHttpFunction } from './platform/http/http-handler.ts';
import { type EventHandlerDef, toCloudEventFunction } from './platform/messaging/event-handler.ts';

type HandlerDef = HttpHandlerDef | EventHandlerDef;

// Source runs as .ts locally and as compiled .js when deployed.
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** Imports a function's handler module and checks it exports what its trigger needs. */
export async function loadHandler(e: ManifestEntry): Promise<HandlerDef> {
  const url = new URL(`./${handlerModule(e).replace(/\.ts$/, ext)}`, import.meta.url);
  const mod = (await import(url.href)) as { default?: HandlerDef };
  const def = mod.default;
  const want = e.trigger.kind === 'pubsub' ? 'event' : 'http';
  if (def?.kind !== want)
    throw new Error(`${handlerModule(e)} must export default a ${want} handler for ${e.name}`);
  return def;
}

/** Registers the named functions (all by default) under their manifest names. */
export async function registerFunctions(only?: readonly FunctionName[]): Promise<ManifestEntry[]> {
  const selected = entries().filter((e) => !only || only.includes(e.name));
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
      case 'workflow':
        // Both arrive with the imaging and saga issues; failing loudly beats serving them unauthenticated.
        throw new Error(`${e.trigger.kind} triggers are not wired yet (${e.name})`);
      default: {
        const unknown: never = e.trigger;
        throw new Error(`unknown trigger ${JSON.stringify(unknown)}`);
      }
    }
  }
  return selected;
}
