/**
 * POST /login (function sign-in; a function named "login" would shadow the route in the local host) — seed 002's sign-in: `{"username","password"}` → `{"token"}`, an Identity Platform ID token
 * to send as `Authorization: Bearer`. A seed user name stands for `<username>@users.saludtech.invalid`
 * (see POST /users). Unknown user and wrong password get the same 401. Public: it is how a token is got.
 */
import { LoginAnswer, LoginBody } from '../../../schemas/identity/v1/register-user.body.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { signInWithPassword } from '../adapters/password-sign-in.ts';
import { emailOfUsername } from '../domain/seed-roles.ts';

export default httpHandler({
  body: LoginBody,
  responses: { 200: LoginAnswer, 401: Problem, 503: Problem },
  async handle({ body, log }) {
    const signed = await signInWithPassword(emailOfUsername(body.username), body.password).catch(() => ({
      ok: false as const,
      refused: false,
    }));
    if (signed.ok)
      return ok({ token: signed.idToken, expiresIn: signed.expiresIn, refreshToken: signed.refreshToken });
    if (signed.refused) return problem(401, 'unauthenticated', 'wrong user name or password');
    log.warn('identity platform did not answer the sign-in');
    return {
      ...problem(503, 'unavailable', 'sign-in is unavailable; try again'),
      headers: { 'Retry-After': '5' },
    };
  },
});
