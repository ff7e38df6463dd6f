/** For HTTP-triggered requests: decided outgoing messages as envelopes, to stage with the change that decided them. */
import type { MessageData } from '../../schemas/message.ts';
import { sourceOf } from '../manifest.ts';
import type { HttpContext } from '../platform/http/http-handler.ts';
import { type Envelope, envelope } from '../platform/messaging/cloudevent.ts';
import type { Outgoing } from './domain/outgoing.ts';

export function outgoingEnvelopes(
  ctx: HttpContext<unknown, unknown, unknown>,
  subject: string,
  messages: readonly Outgoing[],
): Envelope[] {
  const source = sourceOf(ctx.entry);
  return messages.map((o) =>
    envelope(o.def, o.data as MessageData<typeof o.def>, {
      source,
      subject,
      correlationId: ctx.correlationId,
    }),
  );
}
