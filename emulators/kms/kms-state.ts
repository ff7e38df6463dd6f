/** The stand-in's persistent state: a zod-checked JSON file (mode 0600) in its data dir, replaced atomically. */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const STATE_FILE = 'kms-state.json';

const Purpose = z.enum(['ENCRYPT_DECRYPT', 'MAC', 'ASYMMETRIC_SIGN']);
const ProtectionLevel = z.enum(['SOFTWARE', 'HSM']);
const VersionState = z.enum(['ENABLED', 'DISABLED', 'DESTROY_SCHEDULED', 'DESTROYED']);
const IsoTime = z.iso.datetime();

const KeyRingSchema = z.object({ name: z.string(), createTime: IsoTime });

const CryptoKeySchema = z.object({
  name: z.string(),
  purpose: Purpose,
  algorithm: z.string(),
  protectionLevel: ProtectionLevel,
  createTime: IsoTime,
  /** Version number of the primary (ENCRYPT_DECRYPT keys only). */
  primary: z.number().int().positive().nullable(),
  nextVersion: z.number().int().positive(),
  labels: z.record(z.string(), z.string()),
  destroyScheduledSeconds: z.number().int().nonnegative(),
  rotationPeriodSeconds: z.number().int().positive().nullable(),
  nextRotationTime: IsoTime.nullable(),
});

const CryptoKeyVersionSchema = z.object({
  name: z.string(),
  state: VersionState,
  algorithm: z.string(),
  protectionLevel: ProtectionLevel,
  createTime: IsoTime,
  destroyTime: IsoTime.nullable(),
  destroyEventTime: IsoTime.nullable(),
  /** Base64 key material: raw AES/HMAC key, or PKCS#8 DER for EC keys; null once destroyed. */
  material: z.string().nullable(),
});

const StateSchema = z.object({
  format: z.literal(1),
  keyRings: z.record(z.string(), KeyRingSchema),
  cryptoKeys: z.record(z.string(), CryptoKeySchema),
  versions: z.record(z.string(), CryptoKeyVersionSchema),
});

export type Purpose = z.infer<typeof Purpose>;
export type ProtectionLevel = z.infer<typeof ProtectionLevel>;
export type VersionState = z.infer<typeof VersionState>;
export type StoredKeyRing = z.infer<typeof KeyRingSchema>;
export type StoredCryptoKey = z.infer<typeof CryptoKeySchema>;
export type StoredVersion = z.infer<typeof CryptoKeyVersionSchema>;
export type KmsState = z.infer<typeof StateSchema>;

export const emptyState = (): KmsState => ({ format: 1, keyRings: {}, cryptoKeys: {}, versions: {} });

/** Reads the state in `dataDir` (creating the dir 0700); a missing file is an empty state, a bad one an error. */
export function loadState(dataDir: string): KmsState {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, STATE_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw err;
  }
  // Key material must stay private even if an older file was created with a looser mode.
  chmodSync(file, 0o600);
  const parsed = StateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`${file} is not a valid KMS stand-in state file: ${parsed.error.message}`);
  }
  return parsed.data;
}

let tmpCounter = 0;

/** Writes the whole state: temp file (0600) then rename, so a crash never leaves a half-written file. */
export function saveState(dataDir: string, state: KmsState): void {
  const file = join(dataDir, STATE_FILE);
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600, flush: true });
  renameSync(tmp, file);
}
