/** The seed's own BFF example body (seed 001), verbatim: the `npm start` demo sends exactly this. */
import type { SeedBffSubscriptionBody } from './seed-bff-subscription.body.ts';

export const SEED_BFF_EXAMPLE: SeedBffSubscriptionBody = {
  cliente: {
    codigo: '0001',
    nombre: { nombres: 'Pablo', apellidos: 'Perez Prieto' },
    usuario: 'pperez',
    rut: { numero: 123457890 },
    cedula: { numero: 123457890 },
    email: 'pperez@domain.com',
  },
  plan: { codigo: 'pro', nombre: 'PRO' },
  facturas: [],
};
