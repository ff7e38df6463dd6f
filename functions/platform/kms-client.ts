/** Cloud KMS client factory: the local stand-in when KMS_EMULATOR_HOST is set, real Cloud KMS otherwise. */
import { KeyManagementServiceClient } from '@google-cloud/kms';
import { credentials } from '@grpc/grpc-js';
import { OAuth2Client } from 'google-auth-library';

/** Parses `host:port` (e.g. `127.0.0.1:9299`); anything else is a configuration error worth failing on. */
export function parseEmulatorHost(value: string): { host: string; port: number } {
  const m = /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(value.trim());
  const port = Number(m?.[2]);
  if (!m || port < 1 || port > 65535) {
    throw new Error(`KMS_EMULATOR_HOST must be host:port (e.g. 127.0.0.1:9299), got "${value}"`);
  }
  return { host: m[1] as string, port };
}

type ClientOptions = NonNullable<ConstructorParameters<typeof KeyManagementServiceClient>[0]>;

export function createKmsClient(env: NodeJS.ProcessEnv = process.env): KeyManagementServiceClient {
  const emulator = env.KMS_EMULATOR_HOST;
  if (!emulator) return new KeyManagementServiceClient();
  const { host, port } = parseEmulatorHost(emulator);
  return new KeyManagementServiceClient({
    apiEndpoint: host,
    port,
    sslCreds: credentials.createInsecure(),
    // An unauthenticated client: skips the Application Default Credentials look-up the stand-in does not need.
    // The cast bridges two installed google-auth-library versions (google-gax nests its own); at run
    // time google-gax only calls the standard AuthClient methods, which both versions have.
    authClient: new OAuth2Client() as unknown as ClientOptions['authClient'],
  });
}
