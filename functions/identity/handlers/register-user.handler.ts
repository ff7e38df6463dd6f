/**
 * POST /users — an admin creates a user in Identity Platform with a role claim (and center), then publishes
 * UserRegistered (ids and roles only). Retrying the same e-mail resumes an unfinished registration; a finished
 * one answers 409. Sign-in stays Identity Platform's own (the user sets a password through its reset flow),
 * except for the seed's body (`{username, password, role: <number>}`), which sets the password it gives.
 */
import { randomUUID } from 'node:crypto';
import { RegisteredUser, RegisterUserBody } from '../../../schemas/identity/v1/register-user.body.ts';
import { UserRegisteredV1 } from '../../../schemas/identity/v1/user-registered.event.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { sourceOf } from '../../manifest.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { envelope } from '../../platform/messaging/cloudevent.ts';
import { claimEmail, ensureAuthUser, finishRegistration, setRoleClaims } from '../adapters/user-directory.ts';
import { emailOfUsername, type RoleName, roleOfSeedNumber } from '../domain/seed-roles.ts';

const taken = () =>
  problem(409, 'email-taken', 'a user with this e-mail already exists', [
    { field: 'body.email', message: 'already registered' },
  ]);

export default httpHandler({
  body: RegisterUserBody,
  responses: { 201: RegisteredUser, 409: Problem },
  async handle(ctx) {
    const { body } = ctx;
    // The seed's form: a user name for an e-mail, a number for a role (the schema admits only known ones).
    const email = body.email ?? emailOfUsername(body.username as string);
    const role = typeof body.role === 'number' ? (roleOfSeedNumber(body.role) as RoleName) : body.role;
    const claim = await claimEmail(email, randomUUID().replaceAll('-', ''));
    if (claim.published) return taken();
    const user = await ensureAuthUser(claim.uid, email, body.displayName, body.password);
    if (user === 'email-taken') return taken(); // created outside this API (e.g. npm run users)
    const roles = [role];
    await setRoleClaims(claim.uid, roles, body.centerId);
    // Staged with the finished claim (the outbox); its id is the uid, so a resumed registration is one event.
    await finishRegistration(
      email,
      envelope(
        UserRegisteredV1,
        {
          userId: claim.uid,
          roles,
          ...(body.centerId ? { centerId: body.centerId } : {}),
          language: body.language,
          registeredAt: new Date(user.metadata.creationTime).toISOString(),
        },
        {
          id: `user-registered-${claim.uid}`,
          source: sourceOf(ctx.entry),
          subject: claim.uid,
          correlationId: ctx.correlationId,
        },
      ),
      ctx.log,
    );
    ctx.log.info('user registered', { uid: claim.uid, role });
    return {
      status: 201,
      headers: { Location: '/me' },
      body: {
        uid: claim.uid,
        roles,
        ...(body.centerId ? { centerId: body.centerId } : {}),
        language: body.language,
      },
    };
  },
});
