/** Protects a client's personal data through the tokens context before it is stored or sent anywhere. */
import type {
  ClientProfile,
  ProtectedClient,
} from '../../../schemas/subscriptions/v1/subscription.fields.ts';
import { activeKeyring, openField, sealField } from '../../tokens/lib/index.ts';

/** Where a sealed field lives: bound into the ciphertext, so it cannot be replayed onto another record. */
const aad = (subscriptionId: string, field: 'email' | 'name') =>
  `subscriptions/${subscriptionId}/client/${field}`;

/** RUT and cédula become pseudonyms (searchable, one-way); e-mail and names are sealed (revealable). */
export async function protectClient(
  subscriptionId: string,
  profile: ClientProfile,
): Promise<ProtectedClient> {
  const keyring = await activeKeyring();
  const [sealedEmail, sealedName] = await Promise.all([
    sealField(profile.email, aad(subscriptionId, 'email')),
    sealField(
      JSON.stringify({ names: profile.names, surnames: profile.surnames }),
      aad(subscriptionId, 'name'),
    ),
  ]);
  return {
    rutToken: keyring.pseudonym('rut', profile.rut),
    cedulaToken: keyring.pseudonym('cedula', profile.cedula),
    sealedEmail,
    sealedName,
  };
}

/** The client's e-mail, for the one place that must write to it (a notification being delivered). */
export const revealEmail = (subscriptionId: string, client: ProtectedClient): Promise<string> =>
  openField(client.sealedEmail as Parameters<typeof openField>[0], aad(subscriptionId, 'email'));
