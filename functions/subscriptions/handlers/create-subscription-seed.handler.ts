/** POST /suscripciones/suscripcion-comando — the seed BFF route, its body accepted verbatim (seed 001). */
import { CommandAccepted } from '../../../schemas/platform/v1/command-accepted.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { SeedBffSubscriptionBody } from '../../../schemas/subscriptions/v1/seed-bff-subscription.body.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { acceptCreateSubscription } from '../http/accept-create-subscription.ts';

export default httpHandler({
  body: SeedBffSubscriptionBody,
  responses: { 202: CommandAccepted, 400: Problem, 404: Problem },
  // Mapping in schemas/SEED-MAPPING.md; `usuario` is the caller's identity, not taken from the body.
  handle: (ctx) => {
    const { cliente, plan } = ctx.body;
    return acceptCreateSubscription(
      ctx,
      {
        clientCode: cliente.codigo,
        planCode: plan.codigo.toLowerCase(),
        client: {
          names: cliente.nombre.nombres,
          surnames: cliente.nombre.apellidos,
          rut: String(cliente.rut.numero),
          cedula: String(cliente.cedula.numero),
          email: cliente.email,
        },
      },
      'body.plan.codigo',
    );
  },
});
