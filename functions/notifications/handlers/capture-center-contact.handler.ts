/**
 * CenterRegistered (Pub/Sub) — keeps the center's contact mailbox, sealed, in the recipients directory, and its
 * id → code link, so the center's users can read what is addressed to the center by code.
 */
import { CenterRegisteredV2 } from '../../../schemas/centers/v2/center-registered.event.ts';
import { eventHandler } from '../../platform/messaging/event-handler.ts';
import { rememberCenterCode } from '../adapters/center-codes.ts';
import { putRecipient } from '../adapters/recipient-directory.ts';

export default eventHandler({
  // v1 events arrive upcast to v2.
  accepts: [CenterRegisteredV2],
  async handle({ data, envelope }, { tx }) {
    // Colombian and other Spanish-speaking centers read Spanish; the rest English.
    const language = ['CO', 'ES', 'MX', 'AR', 'CL', 'PE', 'EC'].includes(data.country) ? 'es' : 'en';
    const at = new Date(envelope.time);
    // Keyed by id, and by code for events that name the center by its code (ImageRejected).
    await putRecipient(tx, `center:${data.centerId}`, 'email', data.contactEmail, language, at);
    await putRecipient(tx, `center:${data.code}`, 'email', data.contactEmail, language, at);
    rememberCenterCode(tx, data.centerId, data.code);
    return [];
  },
});
