/** `npm run users -- --email a@b.c --role admin [--role client] [--center ID]`: creates a user, prints a token. */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../functions/manifest.types.ts';
import { readPorts } from '../suite/ports.ts';
import { tokenFor } from './users.ts';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    role: { type: 'string', multiple: true, default: [] },
    center: { type: 'string' },
    password: { type: 'string' },
  },
});
const roles = values.role as string[];
const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
if (!values.email || roles.length === 0 || bad.length > 0) {
  console.error(
    `usage: npm run users -- --email EMAIL --role ROLE [--role ROLE] [--center CENTER_ID]\nroles: ${ROLES.join(', ')}`,
  );
  process.exit(2);
}
const p = readPorts();
const authHost = process.env.FIREBASE_AUTH_EMULATOR_HOST ?? `${p.host}:${p.ports.auth}`;
process.env.FIREBASE_AUTH_EMULATOR_HOST = authHost;
const token = await tokenFor(p.projectId, authHost, {
  email: values.email,
  roles: roles as Role[],
  ...(values.center ? { centerId: values.center } : {}),
  ...(values.password ? { password: values.password } : {}),
});
console.log(token);
