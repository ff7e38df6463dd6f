/**
 * The DIMSE listener: plain TCP or TLS (PS3.15 Annex B secure transport), one AssociationHandler per
 * connection. Built on node:net/node:tls rather than dcmjs-dimse's Server so it binds a chosen host and
 * can end its open connections on shutdown.
 */
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { AdapterConfig } from './adapter-config.ts';
import { type AssociationDeps, AssociationHandler, dimse } from './association-handler.ts';

export interface DimseListener {
  port: number;
  close(): Promise<void>;
}

export async function listenDimse(
  config: Pick<AdapterConfig, 'host' | 'port' | 'tls' | 'maxPduLength'>,
  deps: Omit<AssociationDeps, 'onEnd'> & { onStart(): void; onEnd(): void },
): Promise<DimseListener> {
  dimse.log.setLevel('silent'); // its lines are free text with AE titles; the adapter logs what matters
  dimse.Implementation.setMaxPduLength(config.maxPduLength);
  const sockets = new Set<Socket>();
  const accept = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined); // reported by the handler as a network error
    deps.onStart();
    new AssociationHandler(socket, { ...deps, onEnd: deps.onEnd });
  };
  const server: Server = config.tls
    ? createTlsServer(
        {
          key: readFileSync(config.tls.keyFile),
          cert: readFileSync(config.tls.certFile),
          ...(config.tls.caFile ? { ca: readFileSync(config.tls.caFile) } : {}),
          requestCert: config.tls.requireClientCert,
          rejectUnauthorized: config.tls.requireClientCert,
          minVersion: 'TLSv1.2',
        },
        accept,
      )
    : createTcpServer(accept);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : config.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
