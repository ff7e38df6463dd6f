/** Emulator ports and hosts, read from firebase.json (`emulators` plus our `saludtech.emulators`). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Endpoint = z.object({ host: z.string().default('127.0.0.1'), port: z.number().int() });
const FirebaseJson = z.object({
  emulators: z.object({
    auth: Endpoint,
    firestore: Endpoint,
    pubsub: Endpoint,
    functions: Endpoint,
    storage: Endpoint,
    hub: Endpoint,
    logging: Endpoint,
  }),
  saludtech: z.object({
    projectId: z.string(),
    emulators: z.object({ kms: Endpoint, workflows: Endpoint }),
  }),
});

export type ServiceName =
  | 'auth'
  | 'firestore'
  | 'pubsub'
  | 'functions'
  | 'storage'
  | 'hub'
  | 'logging'
  | 'kms'
  | 'workflows';
export type Ports = Record<ServiceName, number>;

export interface SuitePorts {
  projectId: string;
  host: string;
  ports: Ports;
}

/** Ports from firebase.json, shifted by `offset` so a test suite can run beside `npm start`. */
export function readPorts(file = new URL('../../firebase.json', import.meta.url), offset = 0): SuitePorts {
  const json = FirebaseJson.parse(JSON.parse(readFileSync(file, 'utf8')));
  const e = { ...json.emulators, ...json.saludtech.emulators };
  const ports = Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v.port + offset])) as Ports;
  return { projectId: json.saludtech.projectId, host: '127.0.0.1', ports };
}
