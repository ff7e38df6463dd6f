/** Readiness probe for the launcher: a cheap KMS RPC that the stand-in must answer with NOT_FOUND. */
import { credentials, makeClientConstructor, type ServiceError, status } from '@grpc/grpc-js';
import { kmsServiceDefinition } from './kms-proto.ts';

const PROBE = 'projects/kms-health/locations/global/keyRings/readiness-probe';

type ProbeClient = InstanceType<ReturnType<typeof makeClientConstructor>> & {
  GetKeyRing(req: { name: string }, opts: { deadline: number }, cb: (err: ServiceError | null) => void): void;
};

/**
 * True once a KMS server at `address` (host:port) answers GetKeyRing for a ring that does not exist
 * with NOT_FOUND: that proves the port is ours and the service is wired, not just that it accepts TCP.
 */
export async function kmsReady(address: string, timeoutMs = 1000): Promise<boolean> {
  const Client = makeClientConstructor(kmsServiceDefinition(), 'KeyManagementService');
  const client = new Client(address, credentials.createInsecure()) as ProbeClient;
  try {
    return await new Promise<boolean>((resolve) => {
      client.GetKeyRing({ name: PROBE }, { deadline: Date.now() + timeoutMs }, (err) =>
        resolve(err?.code === status.NOT_FOUND),
      );
    });
  } finally {
    client.close();
  }
}
