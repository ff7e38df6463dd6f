/** Starts the Cloud KMS stand-in: a gRPC server on loopback over the official service definition. */
import {
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { asymmetricSignRpcs } from './asymmetric-sign.rpc.ts';
import { cryptoKeyRpcs } from './crypto-key.rpc.ts';
import { toGrpcStatus } from './grpc-errors.ts';
import { keyRingRpcs } from './key-ring.rpc.ts';
import { keyVersionRpcs } from './key-version.rpc.ts';
import { kmsServiceDefinition } from './kms-proto.ts';
import { KmsStore } from './kms-store.ts';
import { macRpcs } from './mac.rpc.ts';
import { randomRpcs } from './random.rpc.ts';
import type { Handlers } from './rpc-types.ts';
import { symmetricRpcs } from './symmetric.rpc.ts';

export { kmsReady } from './kms-health.ts';

export interface KmsEmulatorOptions {
  port: number;
  host?: string;
  dataDir: string;
}
export interface KmsEmulator {
  port: number;
  address: string;
  close(): Promise<void>;
}

// Key material must never be reachable from another machine.
function checkLoopback(host: string): string {
  if (host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return host;
  throw new Error(`KMS stand-in only listens on a loopback IPv4 address, not ${host}`);
}

/** Adapts a synchronous handler to grpc-js; any throw becomes a status, never a crash. */
function unary(handler: Handlers[string]) {
  return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>): void => {
    let response: object;
    try {
      response = handler(call.request as never);
    } catch (err) {
      callback(toGrpcStatus(err), null);
      return;
    }
    callback(null, response);
  };
}

export async function startKmsEmulator(opts: KmsEmulatorOptions): Promise<KmsEmulator> {
  const host = checkLoopback(opts.host ?? '127.0.0.1');
  const store = KmsStore.open(opts.dataDir);
  const handlers: Handlers = {
    ...keyRingRpcs(store),
    ...cryptoKeyRpcs(store),
    ...keyVersionRpcs(store),
    ...symmetricRpcs(store),
    ...macRpcs(store),
    ...asymmetricSignRpcs(store),
    ...randomRpcs(),
  };
  const implementation: UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(handlers)) implementation[method] = unary(handler);

  // Methods left out (import jobs, IAM, ...) answer UNIMPLEMENTED via grpc-js's default handler.
  const server = new Server();
  server.addService(kmsServiceDefinition(), implementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${opts.port}`, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });

  return {
    port,
    address: `${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Let in-flight calls finish, but do not hang a test run on a stuck client.
        const timer = setTimeout(() => server.forceShutdown(), 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
