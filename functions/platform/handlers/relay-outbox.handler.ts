/** Scheduled (Cloud Scheduler; the local host's timer): publishes the events left staged in the outbox. */
import { z } from 'zod';
import { httpHandler, ok } from '../http/http-handler.ts';
import { sweepOutbox } from '../messaging/outbox.ts';

const Swept = z.object({ relayed: z.number().int().nonnegative() });

export default httpHandler({
  responses: { 200: Swept },
  async handle({ log }) {
    const relayed = await sweepOutbox();
    if (relayed > 0) log.info('outbox sweep relayed staged events', { relayed });
    return ok({ relayed });
  },
});
