/**
 * The seed's `ComandoCrearServicioDatosPayload` (seed 001), all strings. Its dotted names (`nube.codigo`)
 * are not valid Python attributes; we read them as nested objects, which is what they denote.
 */
import { z } from 'zod';

const CodeName = { codigo: z.string(), nombre: z.string() };

export const SeedCreateDataServicePayload = z.strictObject({
  cliente_codigo: z.string(),
  cliente_nombres: z.string(),
  cliente_apellidos: z.string(),
  cliente_usuario: z.string(),
  plan_codigo: z.string(),
  plan_nombre: z.string(),
  experto_codigo: z.string(),
  experto_nombres: z.string(),
  experto_apellidos: z.string(),
  experto_usuario: z.string(),
  experto_cedula: z.string(),
  experto_email: z.string(),
  nube: z.strictObject({ ...CodeName, tipo: z.string() }),
  dataset: z.strictObject(CodeName),
  suscripcion: z.strictObject({ codigo: z.string() }),
});
export type SeedCreateDataServicePayload = z.infer<typeof SeedCreateDataServicePayload>;
