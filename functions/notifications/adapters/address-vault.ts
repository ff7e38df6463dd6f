/** Recipients' addresses are personal data: sealed with the tokens context's field encryption, bound to the recipient. */
import { openField, type SealedField, sealField } from '../../tokens/lib/index.ts';

// The AAD binds a sealed address to its recipient: a ciphertext copied onto another recipient will not open.
const aad = (recipientId: string) => `notifications/address/${recipientId}`;

export const sealAddress = (address: string, recipientId: string): Promise<SealedField> =>
  sealField(address, aad(recipientId));

export const openAddress = (sealed: object, recipientId: string): Promise<string> =>
  openField(sealed as SealedField, aad(recipientId));
