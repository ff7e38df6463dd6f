/** For HTTP-triggered requests: turns decided outgoing messages into envelopes and publishes them after commit. */
import type { MessageData } from '../../schemas/message.ts';
import { sourceOf } from '../manifest.ts';
import type { HttpContext } from '../platform/http/http-handler.ts';
import { envelope } from '../platform/messaging/cloudevent.ts';
import { publish } from '../platform/messaging/publisher.ts';
import type { Outgoing } from './domain/outgoing.ts';

export async function publishOutgoing(
  ctx: HttpContext<unknown, unknown, unknown>,
  subject: string,
  messages: readonly Outgoing[],
): Promise<void> {
  if (messages.length === 0) return;
  const source = sourceOf(ctx.entry);
  await publish(
    messages.map((o) =>
      envelope(o.def, o.data as MessageData<typeof o.def>, {
        source,
        subject,
        correlationId: ctx.correlationId,
      }),
    ),
  );
}
