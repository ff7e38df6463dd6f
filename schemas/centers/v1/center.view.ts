/** The centers read model and the HTTP bodies that serve it. */
import { z } from 'zod';
import {
  CenterCode,
  CenterId,
  CenterName,
  City,
  ContactEmail,
  CountryCode,
  DEFAULT_COUNTRY,
} from './center.fields.ts';

export const CenterView = z.object({
  id: CenterId,
  code: CenterCode,
  name: CenterName,
  city: City,
  contactEmail: ContactEmail,
  /** Views projected before CenterRegistered v2 have no country; they are all Colombian. */
  country: CountryCode.default(DEFAULT_COUNTRY),
  registeredAt: z.iso.datetime(),
  /** Version of the last event applied, so a late or repeated event never rolls the view back. */
  version: z.number().int().nonnegative(),
});
export type CenterView = z.infer<typeof CenterView>;

export const CenterPage = z.object({
  items: z.array(CenterView),
  nextPageToken: z.string().optional(),
});
export type CenterPage = z.infer<typeof CenterPage>;

export const ListCentersQuery = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  pageToken: z.string().max(200).optional(),
});

export const CenterIdParams = z.object({ id: CenterId });
