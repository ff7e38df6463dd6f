/** Fails fast when a suite port is taken, naming who holds it, instead of silently talking to someone else's emulator. */
import { createServer } from 'node:net';
import { portHolders } from './processes.ts';

function free(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** One line per taken port: the process, its command and the checkout (working directory) it runs in. */
function describeTaken(port: number): string {
  const holders = portHolders(port);
  if (holders.length === 0) return `  ${port}: held by a process this user cannot inspect`;
  return holders
    .map((h) => `  ${port}: pid ${h.pid} in ${h.cwd ?? '?'} — ${h.cmdline.slice(0, 160)}`)
    .join('\n');
}

export async function assertPortsFree(host: string, ports: number[]): Promise<void> {
  const taken = (
    await Promise.all(ports.map(async (port) => ((await free(host, port)) ? undefined : port)))
  ).filter((p) => p !== undefined);
  if (taken.length > 0) {
    throw new Error(
      `ports in use on ${host} — another local suite (npm start or npm test, maybe of another checkout) is running; stop it, or shift the test ports with TEST_PORT_OFFSET:\n${taken.map(describeTaken).join('\n')}`,
    );
  }
}
