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
