/** Upcasters: how a consumer reads an older message version as the version it accepts. */
import type { z } from 'zod';
import { CenterRegisteredV1 } from './centers/v1/center-registered.event.ts';
import { CenterRegisteredV2 } from './centers/v2/center-registered.event.ts';
import { upcastCenterRegisteredV1 } from './centers/v2/center-registered.upcast.ts';
import type { MessageData, MessageDef } from './message.ts';

/** One step, from a version to the next; chains of steps reach any later version. */
export interface Upcaster {
  from: MessageDef;
  to: MessageDef;
  upcast(data: unknown): unknown;
}

/** Typed at declaration, erased in the registry: a step takes valid `from` data to `to` data. */
export const upcaster = <F extends MessageDef, T extends MessageDef>(
  from: F,
  to: T,
  upcast: (data: MessageData<F>) => MessageData<T>,
): Upcaster => ({ from, to, upcast: upcast as (data: unknown) => unknown });

export type UpcasterRegistry = Readonly<Record<string, Upcaster>>;

/** Old type → the step that reads it as the next version. */
export const upcasters: UpcasterRegistry = Object.fromEntries(
  [upcaster(CenterRegisteredV1, CenterRegisteredV2, upcastCenterRegisteredV1)].map((u) => [u.from.type, u]),
);

/** The steps from `type` to one of `accepts` (empty when it is accepted as is), or undefined if none lead there. */
export function upcastChain(
  type: string,
  accepts: readonly MessageDef[],
  registry: UpcasterRegistry = upcasters,
): Upcaster[] | undefined {
  const chain: Upcaster[] = [];
  let current = type;
  while (!accepts.some((m) => m.type === current)) {
    const step = registry[current];
    // A cycle would be a registry bug; the length guard turns it into "no chain" rather than a hang.
    if (!step || chain.length >= Object.keys(registry).length) return undefined;
    chain.push(step);
    current = step.to.type;
  }
  return chain;
}

/** A message read as one of the accepted definitions: its data typed by that definition. */
export type DecodedAs<M extends MessageDef> = M extends MessageDef ? { def: M; data: MessageData<M> } : never;

export type Decoded<M extends MessageDef = MessageDef> =
  | ({ ok: true; upcastFrom?: string } & DecodedAs<M>)
  | { ok: false; reason: string };

const failingFields = (error: z.ZodError) => error.issues.map((i) => i.path.join('.') || '(root)').join(', ');

/**
 * Reads `data` received as `type` as one of `accepts`: validates it against the schema it was written
 * with, then upcasts step by step, validating each result. Every failure is a reason, never a throw.
 */
export function decode<M extends MessageDef>(
  accepts: readonly M[],
  type: string,
  data: unknown,
  registry: UpcasterRegistry = upcasters,
): Decoded<M> {
  const chain = upcastChain(type, accepts, registry);
  const written = chain?.[0]?.from ?? accepts.find((m) => m.type === type);
  if (!chain || !written) return { ok: false, reason: `unknown message type ${type}` };
  const parsed = written.schema.safeParse(data);
  if (!parsed.success)
    return { ok: false, reason: `invalid ${type} data at: ${failingFields(parsed.error)}` };
  let value: unknown = parsed.data;
  for (const step of chain) {
    const next = step.to.schema.safeParse(step.upcast(value));
    if (!next.success) {
      return {
        ok: false,
        reason: `upcasting ${step.from.type} to ${step.to.type} gave invalid data at: ${failingFields(next.error)}`,
      };
    }
    value = next.data;
  }
  const def = chain.at(-1)?.to ?? written;
  // The one place data becomes typed: it has just passed the schema of `def`, which is one of `accepts`.
  const read = { def, data: value } as DecodedAs<M>;
  return { ok: true, ...read, ...(chain.length > 0 ? { upcastFrom: type } : {}) };
}
