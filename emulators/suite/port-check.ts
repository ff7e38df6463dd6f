/** Fails fast when a suite port is taken, instead of silently talking to someone else's emulator. */
import { createServer } from 'node:net';

function free(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function assertPortsFree(host: string, ports: number[]): Promise<void> {
  const taken = (
    await Promise.all(ports.map(async (port) => ((await free(host, port)) ? undefined : port)))
  ).filter((p) => p !== undefined);
  if (taken.length > 0) {
    throw new Error(
      `ports in use on ${host}: ${taken.join(', ')} — another local suite (npm start or npm test) is probably running; stop it, or shift the test ports with TEST_PORT_OFFSET`,
    );
  }
}
