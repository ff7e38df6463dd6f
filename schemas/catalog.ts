/** Every published message version, composed from each context's catalog. */
import { catalog as centers } from './centers/catalog.ts';
import { catalog as dataServices } from './data-services/catalog.ts';
import { catalog as identity } from './identity/catalog.ts';
import { catalog as imaging } from './imaging/catalog.ts';
import type { MessageDef } from './message.ts';
import { catalog as notifications } from './notifications/catalog.ts';
import { catalog as results } from './results/catalog.ts';
import { catalog as sagas } from './sagas/catalog.ts';
import { catalog as subscriptions } from './subscriptions/catalog.ts';
import { catalog as tokens } from './tokens/catalog.ts';

// Older versions stay listed after their producer moves on: messages of that version may still be in
// flight or replayed, and their snapshot keeps guarding them.
export const catalog: readonly MessageDef[] = [
  ...centers,
  ...tokens,
  ...imaging,
  ...subscriptions,
  ...dataServices,
  ...sagas,
  ...notifications,
  ...identity,
  ...results,
];
