/** The delivery port: every channel takes a rendered message and answers an outcome, never throws. */
import type { DeliveryOutcome } from '../domain/notification.decider.ts';
import type { Rendered } from '../domain/render.ts';

export interface OutgoingMessage extends Rendered {
  notificationId: string;
  attempt: number;
  template: string;
  language: string;
  /** Plaintext address, in memory only. */
  to: string;
}

export interface DeliveryChannel {
  send(message: OutgoingMessage): Promise<DeliveryOutcome>;
}
