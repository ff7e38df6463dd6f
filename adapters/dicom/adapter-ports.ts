/** The local adapter's ports from firebase.json `saludtech.emulators.dicomAdapter` (DIMSE and HTTP), shifted. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Json = z.object({
  saludtech: z.object({
    emulators: z.object({
      dicomAdapter: z.object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int(),
        httpPort: z.number().int(),
      }),
    }),
  }),
});

export function readAdapterPorts(offset = 0, file = new URL('../../firebase.json', import.meta.url)) {
  const e = Json.parse(JSON.parse(readFileSync(file, 'utf8'))).saludtech.emulators.dicomAdapter;
  const shifted = { host: e.host, port: e.port + offset, httpPort: e.httpPort + offset };
  if (shifted.port > 65535 || shifted.httpPort > 65535)
    throw new Error(`port offset ${offset} puts the DICOM adapter past port 65535`);
  return shifted;
}
