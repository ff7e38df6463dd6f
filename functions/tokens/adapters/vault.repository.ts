/**
 * The token vault (`token-vault/{token}`): ciphertexts of reversible tokens, their metadata, and the
 * reveal audit trail (`token-reveals/{id}`; its TokenRevealed events go through the platform outbox).
 */
import { FieldValue, type Timestamp, type Transaction } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import type { Envelope } from '../../platform/messaging/cloudevent.ts';
import type { Sealed } from '../domain/gcm.ts';

export const TOKEN_VAULT = 'token-vault';
export const TOKEN_REVEALS = 'token-reveals';

export interface VaultEntry extends Sealed {
  token: string;
  field: string;
  seedVersion: number;
}

export interface StoredVaultEntry extends VaultEntry {
  createdAt: Date;
  revealCount: number;
}

/** Firestore's limit on writes per batch. */
const CHUNK = 500;
const PARALLEL_CHUNKS = 4;
const ALREADY_EXISTS = 6;

const vaultRef = (token: string) => db().collection(TOKEN_VAULT).doc(token);

/** Writes the entries that do not exist yet, in atomic batches of ≤ 500; an existing entry is kept as is. */
async function writeChunk(entries: readonly VaultEntry[], createdAt: Date): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const snaps = await db().getAll(...entries.map((e) => vaultRef(e.token)));
    const batch = db().batch();
    let writes = 0;
    snaps.forEach((snap, i) => {
      if (snap.exists) return;
      const e = entries[i] as VaultEntry;
      batch.create(snap.ref, { ...e, kind: 'reversible', createdAt, revealCount: 0 });
      writes++;
    });
    if (writes === 0) return;
    try {
      await batch.commit();
      return;
    } catch (error) {
      // A concurrent identical batch created some of them first: re-read and write only what is missing.
      if ((error as { code?: number }).code !== ALREADY_EXISTS || attempt >= 3) throw error;
    }
  }
}

/**
 * Stores a batch's vault entries. Up to 500 entries this is one atomic batch. Above that, Firestore has
 * no atomic write, so the batch converges instead: entry ids are the tokens, which are deterministic
 * (same seed version, field and value → same token), so a failed batch can only have written entries
 * that its retry writes again identically, and the caller returns tokens only after every chunk succeeded.
 */
export async function writeVaultEntries(entries: readonly VaultEntry[]): Promise<void> {
  const createdAt = new Date();
  const chunks: VaultEntry[][] = [];
  for (let i = 0; i < entries.length; i += CHUNK) chunks.push(entries.slice(i, i + CHUNK));
  for (let i = 0; i < chunks.length; i += PARALLEL_CHUNKS)
    await Promise.all(chunks.slice(i, i + PARALLEL_CHUNKS).map((c) => writeChunk(c, createdAt)));
}

type StoredDoc = Omit<StoredVaultEntry, 'createdAt'> & { createdAt: Timestamp };
const fromDoc = (d: StoredDoc): StoredVaultEntry => ({ ...d, createdAt: d.createdAt.toDate() });

export async function findVaultEntry(token: string): Promise<StoredVaultEntry | undefined> {
  const snap = await vaultRef(token).get();
  return snap.exists ? fromDoc(snap.data() as StoredDoc) : undefined;
}

/** Reads entries inside a reveal transaction; missing ones are undefined. */
export async function loadVaultEntries(
  tx: Transaction,
  tokens: readonly string[],
): Promise<(StoredVaultEntry | undefined)[]> {
  const snaps = await tx.getAll(...tokens.map(vaultRef));
  return snaps.map((s) => (s.exists ? fromDoc(s.data() as StoredDoc) : undefined));
}

export interface RevealRecord {
  token: string;
  field: string;
  seedVersion: number;
  revealedBy: string;
  purpose: string;
  revealedAt: Date;
  correlationId: string;
  event: Envelope;
}

/** Appends one audit record per revealed token and counts the reveal on its entry. */
export function recordReveal(tx: Transaction, record: RevealRecord): void {
  tx.create(db().collection(TOKEN_REVEALS).doc(record.event.id), record);
  tx.update(vaultRef(record.token), {
    revealCount: FieldValue.increment(1),
    lastRevealedAt: record.revealedAt,
  });
}
