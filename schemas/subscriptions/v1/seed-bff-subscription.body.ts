/**
 * The seed BFF body of `POST /suscripciones/suscripcion-comando` (seed 001), accepted verbatim. The route
 * and our own English contract come with the subscriptions issue; schemas/SEED-MAPPING.md maps the fields.
 */
import { z } from 'zod';

/** The seed wraps identity numbers in `{ numero }` and sends them as JSON numbers. */
const Numero = z.strictObject({ numero: z.number().int().positive() });

export const SeedBffSubscriptionBody = z.strictObject({
  cliente: z.strictObject({
    codigo: z.string().min(1),
    nombre: z.strictObject({ nombres: z.string().min(1), apellidos: z.string().min(1) }),
    usuario: z.string().min(1),
    rut: Numero,
    cedula: Numero,
    email: z.email(),
  }),
  plan: z.strictObject({ codigo: z.string().min(1), nombre: z.string().min(1) }),
  // The seed only ever shows `[]` and never an invoice's shape: a new subscription has none yet.
  facturas: z.array(z.never()),
});
export type SeedBffSubscriptionBody = z.infer<typeof SeedBffSubscriptionBody>;
