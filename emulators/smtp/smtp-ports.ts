/** The SMTP sink's ports from firebase.json `saludtech.emulators.smtp` (SMTP) and `.mail` (its HTTP listing). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Endpoint = z.object({ host: z.string().default('127.0.0.1'), port: z.number().int() });
const Json = z.object({ saludtech: z.object({ emulators: z.object({ smtp: Endpoint, mail: Endpoint }) }) });

export function readSmtpPorts(offset = 0, file = new URL('../../firebase.json', import.meta.url)) {
  const e = Json.parse(JSON.parse(readFileSync(file, 'utf8'))).saludtech.emulators;
  return { smtp: e.smtp.port + offset, mail: e.mail.port + offset };
}
