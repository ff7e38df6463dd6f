/**
 * The adapter's small HTTP port: `GET /healthz` (200 while the DIMSE listener is up and the spool is
 * writable and not full, else 503, with a PHI-free JSON body) and `GET /metrics` (Prometheus text).
 */
import { createServer, type Server } from 'node:http';

export interface Health {
  ok: boolean;
  [k: string]: unknown;
}

export async function listenHealth(
  host: string,
  port: number,
  probes: { health(): Promise<Health>; metrics(): string },
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET' }).end();
      return;
    }
    if (path === '/healthz') {
      probes.health().then(
        (h) => {
          res.writeHead(h.ok ? 200 : 503, { 'Content-Type': 'application/json' }).end(JSON.stringify(h));
        },
        () => res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"ok":false}'),
      );
      return;
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(probes.metrics());
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
