/** GET /me — the caller's identity as the platform sees it: uid, roles, center, e-mail. */
import { Me } from '../../../schemas/identity/v1/register-user.body.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { emailOf } from '../adapters/user-directory.ts';

export default httpHandler({
  responses: { 200: Me },
  async handle({ principal }) {
    const email = await emailOf(principal.uid);
    return ok({
      uid: principal.uid,
      roles: principal.roles,
      ...(principal.centerId ? { centerId: principal.centerId } : {}),
      ...(email ? { email } : {}),
    });
  },
});
