/** Process-wide Google clients, created on first use (they pick up the emulator hosts from the environment). */
import { Firestore } from '@google-cloud/firestore';
import { PubSub } from '@google-cloud/pubsub';
import { getApps, initializeApp } from 'firebase-admin/app';
import { type Auth, getAuth } from 'firebase-admin/auth';
import { config } from './config.ts';

let firestore: Firestore | undefined;
let pubsub: PubSub | undefined;

export function db(): Firestore {
  firestore ??= new Firestore({ projectId: config().projectId, ignoreUndefinedProperties: true });
  return firestore;
}

export function pubsubClient(): PubSub {
  pubsub ??= new PubSub({ projectId: config().projectId });
  return pubsub;
}

export function auth(): Auth {
  const app = getApps()[0] ?? initializeApp({ projectId: config().projectId });
  return getAuth(app);
}
