/**
 * What each context's service account may do in production — the least-privilege map Terraform applies
 * (`npm run infra:generate` → `infra/generated/manifest.json` → `infra/iam.tf`). One service account per context
 * runs all of that context's functions. Grants implied for every context, so never listed here: Firestore user,
 * publisher on the topics the context owns, and publisher on its own functions' dead-letter topics.
 */

import { BUCKETS, type LogicalBucket } from './platform/config.ts';

/** The data buckets Terraform creates (`infra/storage.tf`); a storage trigger's bucket must be one of them. */
export { BUCKETS };
export type BucketName = LogicalBucket;

/** Object access on one bucket, from narrowest to widest. */
export type BucketAccess = 'read' | 'create' | 'read-create' | 'read-write-delete';

/** The predefined roles each access level maps to; never a primitive role, never bucket-admin rights. */
export const bucketRoles: Record<BucketAccess, readonly string[]> = {
  read: ['roles/storage.objectViewer'],
  create: ['roles/storage.objectCreator'],
  'read-create': ['roles/storage.objectViewer', 'roles/storage.objectCreator'],
  'read-write-delete': ['roles/storage.objectUser'],
};

/** The HSM keys of `infra/kms.tf` a context may use; "nothing else can decrypt" means nobody else is listed. */
export const kmsRoles = {
  /** Wrap and unwrap token seeds under the key-encryption key. */
  'token-kek': 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
  /** Sign with the HSM signing key. */
  'token-signing': 'roles/cloudkms.signerVerifier',
} as const;
export type KmsKeyName = keyof typeof kmsRoles;

export interface ContextGrants {
  /** Topics owned by other contexts that this context publishes on (a command it sends, an event it relays). */
  publishesTo?: readonly string[];
  /** Publishes on every topic: the outbox relay only, which carries every context's events. */
  publishesToEveryTopic?: boolean;
  buckets?: Partial<Record<BucketName, BucketAccess>>;
  kms?: readonly KmsKeyName[];
  /** Draws HSM randomness (`GenerateRandomBytes`): a custom role holding only that permission. */
  kmsRandom?: boolean;
  /** Signs URLs as itself (`iam.serviceAccounts.signBlob` on its own account only). */
  signsUrls?: boolean;
  /** Further predefined project roles, each with the reason it is needed. */
  projectRoles?: readonly { role: string; why: string }[];
}

/**
 * Only contexts that need more than the implied grants appear here; any other context (including one added
 * tomorrow) gets exactly the implied grants.
 */
export const contextGrants: Readonly<Record<string, ContextGrants>> = {
  platform: {
    publishesToEveryTopic: true,
    projectRoles: [
      {
        role: 'roles/pubsub.subscriber',
        why: 'peeks at and acknowledges the dead-letter inspect subscriptions (GET /dead-letters, replay)',
      },
    ],
  },
  tokens: { kms: ['token-kek', 'token-signing'], kmsRandom: true },
  imaging: {
    // The anonymizer reads and removes originals, writes results and rejects, and derives tokens in-process
    // (seed unwrap through the KEK). Upload and download URLs are signed by its own account. Quarantine
    // review reads a kept original back into ingest and deletes it once reprocessed or discarded.
    buckets: { ingest: 'read-write-delete', anonymized: 'read-create', quarantine: 'read-write-delete' },
    kms: ['token-kek'],
    signsUrls: true,
  },
  // These seal or tokenize in-process through the tokens library, which unwraps the seeds with the KEK.
  results: { kms: ['token-kek'] },
  notifications: { kms: ['token-kek'] },
  subscriptions: {
    kms: ['token-kek'],
    // SubscriptionCreated is copied onto the saga's trigger topic when published (its after-commit relay).
    publishesTo: ['subscription-saga.requests'],
  },
  'data-services': {
    // Starting a data service grants a client download rights on anonymized images: signed URLs only.
    buckets: { anonymized: 'read' },
    signsUrls: true,
  },
  identity: {
    kms: ['token-kek'],
    projectRoles: [
      {
        role: 'roles/firebaseauth.admin',
        why: 'creates Identity Platform users and sets role custom claims',
      },
    ],
  },
};

/** The grants of a context; unlisted contexts get the implied grants only. */
export const grantsFor = (context: string): ContextGrants => contextGrants[context] ?? {};
