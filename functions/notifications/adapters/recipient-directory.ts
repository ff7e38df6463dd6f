/**
 * The notifications-owned recipients directory: recipient id → channel, sealed address, language.
 * Integration events carry ids, never addresses, so this context keeps its own (encrypted) copy:
 *  - centers: the institutional contact mailbox arrives in CenterRegistered (captured by capture-center-contact);
 *  - users (user:/client:/expert: ids are Identity Platform uids): read once from Identity Platform, the
 *    user directory of record, through its admin API (not another context's collections), then sealed here.
 *    A client: id is the subscription's owning uid, never the client code a client picks for itself
 *    (domain/client-recipient.ts): looking such a code up here would mail whoever's uid it names.
 * Addresses are opened only at delivery time, in memory.
 */
import type { Transaction } from '@google-cloud/firestore';
import { z } from 'zod';
import { Channel, Language } from '../../../schemas/notifications/v1/notification.fields.ts';
import { auth, db } from '../../platform/clients.ts';
import { openAddress, sealAddress } from './address-vault.ts';

export const RECIPIENTS = 'notification-recipients';

const Entry = z.object({
  recipientId: z.string(),
  channel: Channel,
  to: z.custom<object>((v) => typeof v === 'object' && v !== null),
  language: Language,
  updatedAt: z.iso.datetime(),
});
export type RecipientEntry = z.infer<typeof Entry>;

export interface ResolvedRecipient extends RecipientEntry {
  /** Plaintext, in memory only: for the decider's address check and nothing else. */
  address: string;
}

const ref = (recipientId: string) => db().collection(RECIPIENTS).doc(recipientId);
const USER_KINDS = ['user', 'client', 'expert'];

/** Stores (or replaces) a recipient's address, sealed. Runs inside the caller's transaction, after its reads. */
export async function putRecipient(
  tx: Transaction,
  recipientId: string,
  channel: z.infer<typeof Channel>,
  address: string,
  language: z.infer<typeof Language>,
  now = new Date(),
): Promise<RecipientEntry> {
  const entry: RecipientEntry = {
    recipientId,
    channel,
    to: await sealAddress(address, recipientId),
    language,
    updatedAt: now.toISOString(),
  };
  tx.set(ref(recipientId), entry);
  return entry;
}

/** The recipient's entry, or, for an Identity Platform user not seen yet, its e-mail from there. */
export async function resolveRecipient(
  tx: Transaction,
  recipientId: string,
  fallbackLanguage: z.infer<typeof Language> = 'es',
): Promise<ResolvedRecipient | undefined> {
  const snap = await tx.get(ref(recipientId));
  if (snap.exists) {
    const entry = Entry.parse(snap.data());
    return { ...entry, address: await openAddress(entry.to, recipientId) };
  }
  const [kind, id] = recipientId.split(':') as [string, string];
  if (!USER_KINDS.includes(kind)) return undefined;
  // Only "no such user" means no address; any other failure throws, so the message is retried.
  const user = await auth()
    .getUser(id)
    .catch((error: { code?: string }) => {
      if (error?.code === 'auth/user-not-found') return undefined;
      throw error;
    });
  if (!user?.email) return undefined;
  const entry = await putRecipient(tx, recipientId, 'email', user.email, fallbackLanguage);
  return { ...entry, address: user.email };
}
