/** The seed's `ComandoCrearSuscripcionPayload` (seed 001): the flat command the BFF published, all strings. */
import { z } from 'zod';

export const SeedCreateSubscriptionPayload = z.strictObject({
  cliente_codigo: z.string(),
  cliente_nombres: z.string(),
  cliente_apellidos: z.string(),
  cliente_usuario: z.string(),
  cliente_rut: z.string(),
  cliente_cedula: z.string(),
  cliente_email: z.string(),
  plan_codigo: z.string(),
  plan_nombre: z.string(),
});
export type SeedCreateSubscriptionPayload = z.infer<typeof SeedCreateSubscriptionPayload>;
