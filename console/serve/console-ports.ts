/** The console's Hosting emulator port (firebase.json `emulators.hosting`), shifted like the suite's. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Json = z.object({
  emulators: z.object({
    hosting: z.object({ host: z.string().default('127.0.0.1'), port: z.number().int() }),
  }),
});

export function readConsolePort(offset = 0, file = new URL('../../firebase.json', import.meta.url)) {
  const h = Json.parse(JSON.parse(readFileSync(file, 'utf8'))).emulators.hosting;
  return { host: h.host, port: h.port + offset };
}

/** The origins a browser reports for the console (the API allows exactly these for CORS). */
export const consoleOrigins = (port: number) => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
