/** Poison messages are acknowledged onto the function's dead-letter topic with a reason, never retried forever. */
import { deadLetterTopic, type FunctionName } from '../../manifest.ts';
import { pubsubClient } from '../clients.ts';
import type { Logger } from '../logger.ts';

export async function deadLetter(
  fn: FunctionName,
  message: { data?: string; attributes?: Record<string, string>; messageId?: string },
  reason: string,
  log: Logger,
): Promise<'dead-lettered'> {
  await pubsubClient()
    .topic(deadLetterTopic(fn))
    .publishMessage({
      data: Buffer.from(message.data ?? '', 'base64'),
      attributes: {
        ...(message.attributes ?? {}),
        'deadletter-reason': reason,
        'deadletter-function': fn,
        'deadletter-message-id': message.messageId ?? '',
      },
    });
  // The reason names types and field paths only, never values.
  log.warn('message dead-lettered', { reason, ceType: message.attributes?.['ce-type'] });
  return 'dead-lettered';
}
