/** RegisterCenter: an admin registers a health center (seed vocabulary: "registrar centro"). */
import { z } from 'zod';
import { defineCommand } from '../../message.ts';
import { CenterCode, CenterId, CenterName, City, ContactEmail, CountryCode } from './center.fields.ts';

/** The HTTP body of `POST /centers`. Unknown fields are rejected: a typo must not pass silently. */
export const RegisterCenterBody = z.strictObject({
  code: CenterCode,
  name: CenterName,
  city: City,
  contactEmail: ContactEmail,
  /** Additive, optional: absent means Colombia (DEFAULT_COUNTRY), as for every earlier request. */
  country: CountryCode.optional(),
});
export type RegisterCenterBody = z.infer<typeof RegisterCenterBody>;

export const RegisterCenterV1 = defineCommand(
  'centers',
  'register-center',
  1,
  RegisterCenterBody.extend({ centerId: CenterId, requestedBy: z.string().min(1) }),
);
export type RegisterCenter = z.infer<typeof RegisterCenterV1.schema>;
