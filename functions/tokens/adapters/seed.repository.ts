/**
 * Firestore custody of wrapped token seeds: `token-seeds/{version}` (wrapped bytes, status, creation
 * time) and `token-seed-state/head`, the document every allocation goes through so that concurrent
 * rotations serialize (two rotations → two versions) and concurrent bootstraps create one version 1.
 */
import type { Timestamp, Transaction } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import type { Envelope } from '../../platform/messaging/cloudevent.ts';
import { stageEvents } from '../../platform/messaging/outbox.ts';
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
/** One record per keyed rotation request, so an admin's retry does not rotate a second time. */
export const TOKEN_SEED_ROTATIONS = 'token-seed-rotations';

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
  /** False when `onlyIfNone` found a seed already there, or the rotation id was seen (nothing was written). */
  created: boolean;
  /** The events staged with this version (none when nothing was written). */
  events: Envelope[];
}

export interface StoreOptions {
  /** Only bootstrap: keep an existing seed. */
  onlyIfNone?: boolean;
  /** A retried request with the same id answers the version it created the first time. */
  rotationId?: string;
  /** Events announcing the new version, staged in the same transaction. */
  events?: (a: Omit<Allocated, 'events' | 'created'>) => Envelope[];
}

/**
 * Stores `seed` as the next version and makes it active, in one transaction over the head. The KEK wrap
 * happens inside, because its AAD names the version only the transaction can allocate.
 */
export async function storeNextSeed(
  seed: Buffer,
  createdBy: string,
  opts: StoreOptions = {},
): Promise<Allocated> {
  return db().runTransaction(async (tx) => {
    const rotationRef = opts.rotationId
      ? db().collection(TOKEN_SEED_ROTATIONS).doc(opts.rotationId)
      : undefined;
    const seen = rotationRef ? await tx.get(rotationRef) : undefined;
    if (seen?.exists) {
      const r = seen.data() as { version: number; demoted?: number; createdAt: Timestamp };
      const demoted = r.demoted === undefined ? {} : { demoted: r.demoted };
      return { version: r.version, ...demoted, createdAt: r.createdAt.toDate(), created: false, events: [] };
    }
    const snap = await tx.get(headRef());
    const head = snap.exists ? (snap.data() as SeedHead) : undefined;
    if (head && opts.onlyIfNone)
      return { version: head.activeVersion, createdAt: new Date(), created: false, events: [] };
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
    const allocated = {
      version: next.version,
      ...(next.demoted === undefined ? {} : { demoted: next.demoted }),
      createdAt,
    };
    if (rotationRef) tx.create(rotationRef, { ...allocated, createdBy });
    const events = opts.events?.(allocated) ?? [];
    stageEvents(tx, events);
    return { ...allocated, created: true, events };
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
