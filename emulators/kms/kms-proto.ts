/** Loads the KeyManagementService definition from the .proto files shipped in @google-cloud/kms. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const SERVICE = 'google.cloud.kms.v1.KeyManagementService';

let cached: ServiceDefinition | undefined;

/** Protos of the exact client version installed, so the wire format can never drift from the client. */
function includeDirs(): string[] {
  const require = createRequire(import.meta.url);
  const kmsMain = require.resolve('@google-cloud/kms'); // .../build/src/index.js
  const gaxMain = createRequire(kmsMain).resolve('google-gax'); // its google/api, longrunning, protobuf
  return [join(dirname(kmsMain), '..', 'protos'), join(dirname(gaxMain), '..', 'protos')];
}

/**
 * camelCase fields, enums as names, int64 as strings, bytes as Buffers, absent messages as null:
 * the shapes the RPC modules are written against.
 */
export function kmsServiceDefinition(): ServiceDefinition {
  if (!cached) {
    const definition = loadSync('google/cloud/kms/v1/service.proto', {
      includeDirs: includeDirs(),
      keepCase: false,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    cached = definition[SERVICE] as ServiceDefinition;
    if (!cached) throw new Error(`${SERVICE} not found in the @google-cloud/kms protos`);
  }
  return cached;
}
