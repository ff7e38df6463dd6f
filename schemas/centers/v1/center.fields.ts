/** Field rules shared by the centers commands, events and documents. */
import { z } from 'zod';

/** A center code: short, upper-case, stable (used in bucket prefixes, so no slashes). */
export const CenterCode = z
  .string()
  .trim()
  .regex(
    /^[A-Z0-9][A-Z0-9-]{1,31}$/,
    'must be 2-32 characters: A-Z, 0-9 and -, starting with a letter or digit',
  );
export const CenterId = z.uuid();
export const CenterName = z.string().trim().min(2).max(120);
export const City = z.string().trim().min(2).max(80);
export const ContactEmail = z.email().max(254);
/** ISO 3166-1 alpha-2 country code of the center. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. CO');
/** Every center registered before country was recorded is Colombian: the platform served only Colombia. */
export const DEFAULT_COUNTRY = 'CO';
