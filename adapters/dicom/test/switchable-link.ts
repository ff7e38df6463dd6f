/**
 * The network between the adapter and the platform, as a loopback TCP relay a test can cut: while down,
 * every open connection is reset and new ones are refused, as when a hospital's uplink drops.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface SwitchableLink {
  /** The URL the adapter uses instead of the platform's. */
  url: string;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

/** A relay on a free loopback port to `target` (an http://host:port URL). */
export async function switchableLink(target: string): Promise<SwitchableLink> {
  const to = new URL(target);
  let isUp = true;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!isUp) return client.resetAndDestroy();
    const upstream = connect(Number(to.port), to.hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${to.pathname.replace(/\/$/, '')}`,
    down() {
      isUp = false;
      for (const s of open) s.resetAndDestroy();
    },
    up() {
      isUp = true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
