/**
 * Firestore custody of wrapped token seeds: `token-seeds/{version}` (wrapped bytes, status, creation
 * time) and `token-seed-state/head`, the document every allocation goes through so that concurrent
 * rotations serialize (two rotations → two versions) and concurrent bootstraps create one version 1.
 */
import type { Timestamp, Transaction } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import {
  allocateSeedVersion,
  type RetireRefusal,
  retireSeedVersion,
  type SeedHead,
  type SeedStatus,
  seedAad,
} from '../domain/seed.ts';
import { kmsNames, wrapSeed } from './kms.adapter.ts';

export const TOKEN_SEEDS = 'token-seeds';
export const TOKEN_SEED_STATE = 'token-seed-state';

export interface StoredSeed {
  version: number;
  status: SeedStatus;
  /** The seed wrapped by the KEK; the plaintext is never stored. */
  wrapped: Buffer;
  kek: string;
  aad: string;
  createdAt: Date;
  createdBy: string;
}

const headRef = () => db().collection(TOKEN_SEED_STATE).doc('head');
const seedRef = (version: number) => db().collection(TOKEN_SEEDS).doc(String(version));

export async function loadHead(): Promise<SeedHead | undefined> {
  const snap = await headRef().get();
  return snap.exists ? (snap.data() as SeedHead) : undefined;
}

/** The head read inside a caller's transaction, so a concurrent rotation conflicts with it. */
export async function loadHeadIn(tx: Transaction): Promise<SeedHead | undefined> {
  const snap = await tx.get(headRef());
  return snap.exists ? (snap.data() as SeedHead) : undefined;
}

export async function loadSeed(version: number): Promise<StoredSeed | undefined> {
  const snap = await seedRef(version).get();
  if (!snap.exists) return undefined;
  const d = snap.data() as Omit<StoredSeed, 'createdAt'> & { createdAt: Timestamp };
  return { ...d, wrapped: Buffer.from(d.wrapped), createdAt: d.createdAt.toDate() };
}

export interface Allocated {
  version: number;
  demoted?: number;
  createdAt: Date;
  /** False when `onlyIfNone` found a seed already there (nothing was written). */
  created: boolean;
}

/**
 * Stores `seed` as the next version and makes it active, in one transaction over the head. The KEK wrap
 * happens inside, because its AAD names the version only the transaction can allocate.
 */
export async function storeNextSeed(seed: Buffer, createdBy: string, onlyIfNone = false): Promise<Allocated> {
  return db().runTransaction(async (tx) => {
    const snap = await tx.get(headRef());
    const head = snap.exists ? (snap.data() as SeedHead) : undefined;
    if (head && onlyIfNone) return { version: head.activeVersion, createdAt: new Date(), created: false };
    const next = allocateSeedVersion(head);
    const wrapped = await wrapSeed(seed, next.version);
    const createdAt = new Date();
    if (next.demoted !== undefined)
      tx.update(seedRef(next.demoted), { status: 'decrypt-only', demotedAt: createdAt });
    tx.create(seedRef(next.version), {
      version: next.version,
      status: 'active',
      wrapped,
      kek: kmsNames().kek,
      aad: seedAad(next.version),
      createdAt,
      createdBy,
    });
    tx.set(headRef(), { ...next.head, updatedAt: createdAt });
    return {
      version: next.version,
      ...(next.demoted === undefined ? {} : { demoted: next.demoted }),
      createdAt,
      created: true,
    };
  });
}

/** Marks a decrypt-only version retired: its tokens can no longer be verified, revealed or opened. */
export async function retireSeed(version: number): Promise<RetireRefusal | undefined> {
  return db().runTransaction(async (tx) => {
    const snap = await tx.get(headRef());
    const next = retireSeedVersion(snap.exists ? (snap.data() as SeedHead) : undefined, version);
    if (typeof next === 'string') return next;
    tx.update(seedRef(version), { status: 'retired', retiredAt: new Date() });
    tx.set(headRef(), { ...next, updatedAt: new Date() });
    return undefined;
  });
}

/** Reads seed statuses inside a transaction (for reveals, which must not trust a cached status). */
export async function seedStatuses(
  tx: Transaction,
  versions: readonly number[],
): Promise<Map<number, SeedStatus | undefined>> {
  const snaps = versions.length ? await tx.getAll(...versions.map(seedRef)) : [];
  return new Map(
    snaps.map((s, i) => [versions[i] as number, s.exists ? (s.get('status') as SeedStatus) : undefined]),
  );
}
