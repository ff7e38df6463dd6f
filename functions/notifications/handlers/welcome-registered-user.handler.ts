/** UserRegistered (Pub/Sub) — captures the new user's address into the directory and sends the welcome. */
import { UserRegisteredV1 } from '../../../schemas/identity/v1/user-registered.event.ts';
import { topics } from '../../manifest.ts';
import { notifyOn } from '../notify-on-event.ts';

export default notifyOn(topics['identity.events'].carries, UserRegisteredV1, (d) => ({
  recipientId: `user:${d.userId}`,
  template: 'welcome',
  values: { role: d.roles.join(', ') },
  language: d.language,
}));
