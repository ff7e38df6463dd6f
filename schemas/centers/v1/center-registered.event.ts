/** CenterRegistered v1: a health center may now upload studies. */
import { z } from 'zod';
import { defineEvent } from '../../message.ts';
import { CenterCode, CenterId, CenterName, City, ContactEmail } from './center.fields.ts';

// The contact address is an institutional mailbox (notifications write to it), not patient data.
export const CenterRegisteredV1 = defineEvent(
  'centers',
  'registered',
  1,
  z.object({
    centerId: CenterId,
    code: CenterCode,
    name: CenterName,
    city: City,
    contactEmail: ContactEmail,
    registeredAt: z.iso.datetime(),
  }),
);
export type CenterRegistered = z.infer<typeof CenterRegisteredV1.schema>;
