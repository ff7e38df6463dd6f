/**
 * The key hierarchy below one token seed: every purpose gets its own HKDF sub-key, and the
 * deterministic derivations the other contexts need (pseudonyms, date offsets, UID remapping) run
 * synchronously on them. Pure: node:crypto only, no I/O. The seed itself comes unwrapped from KMS.
 */
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { canonicalize, type FieldDomain, fieldDomain } from './fields.ts';

/** Everything derived from one seed version. Plaintext key material: keep in memory only. */
export interface Keyring {
  readonly version: number;
  /** `psn:<field>:v<version>:<32 base64url chars>`; the issuer is part of the input unless the field is shared. */
  pseudonym(field: string, value: string, issuer?: string): string;
  /** Whole days to add to every date of this patient: in [-3650, -1], the same for every upload of the patient. */
  dateOffsetDays(issuer: string, patientId: string): number;
  /** A valid DICOM UID (`2.25.<decimal>`, ≤ 64 chars) that is the same wherever the same UID is remapped. */
  remapUid(uid: string): string;
  /** A 32-byte sub-key for a purpose not covered above (e.g. `reversible`, `field-encryption`). */
  subkey(purpose: string): Buffer;
}

const SALT = Buffer.from('saludtech/tokens/v1');

/** HKDF-SHA256(seed, salt, label) → 32 bytes; distinct labels give independent keys. */
export function deriveSubkey(seed: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', seed, SALT, Buffer.from(label), 32));
}

const hmac = (key: KeyObject, data: string) => createHmac('sha256', key).update(data).digest();

/** What one field's pseudonyms need: its domain, its sub-key as a KeyObject, and the token prefix. */
export interface FieldKey {
  domain: FieldDomain;
  key: KeyObject;
  prefix: string;
}

/** A field key from its sub-key (`subkey(\`pseudonym:<field>\`)`): workers get this, never the seed. */
export function fieldKeyFrom(subkey: Buffer, field: string, version: number): FieldKey {
  return { domain: fieldDomain(field), key: createSecretKey(subkey), prefix: `psn:${field}:v${version}:` };
}

/** The per-token path: canonicalize, MAC, concatenate (no HKDF, no lookups, no Buffer slicing). */
export function pseudonymWith(fk: FieldKey, value: string, issuer: string | undefined): string {
  const canonical = canonicalize(fk.domain, value);
  // Shared identifiers (national ids) link across centers; local ones (MRNs) are scoped to their issuer.
  const input = fk.domain.shared ? canonical : `${issuer ?? ''}\u0000${canonical}`;
  // The first 24 bytes of the MAC are exactly its first 32 base64url characters.
  return fk.prefix + createHmac('sha256', fk.key).update(input).digest('base64url').slice(0, 32);
}

/** Builds the keyring of one seed version; sub-keys are derived once and reused for every call. */
export function keyringFromSeed(seed: Buffer, version: number): Keyring {
  if (seed.length !== 32) throw new Error('a token seed is 32 bytes');
  const fieldKeys = new Map<string, FieldKey>();
  const fieldKey = (field: string): FieldKey => {
    let fk = fieldKeys.get(field);
    if (!fk) {
      fk = fieldKeyFrom(deriveSubkey(seed, `pseudonym:${field}`), field, version);
      fieldKeys.set(field, fk);
    }
    return fk;
  };
  const subkeys = new Map<string, Buffer>();
  const dateKey = createSecretKey(deriveSubkey(seed, 'date-shift'));
  const uidKey = createSecretKey(deriveSubkey(seed, 'uid-remap'));
  const patientDomain = fieldDomain('patient_id');

  return {
    version,
    pseudonym: (field, value, issuer) => pseudonymWith(fieldKey(field), value, issuer),
    dateOffsetDays(issuer, patientId) {
      const mac = hmac(dateKey, `${issuer}\u0000${canonicalize(patientDomain, patientId)}`);
      return -1 - (mac.readUInt32BE(0) % 3650);
    },
    remapUid(uid) {
      // 2.25 + a 128-bit integer is at most 5 + 39 = 44 characters (PS3.5 B.2).
      const mac = hmac(uidKey, uid.trim().replace(/\0+$/, '')).subarray(0, 16);
      return `2.25.${BigInt(`0x${mac.toString('hex')}`).toString(10)}`;
    },
    subkey(purpose) {
      let key = subkeys.get(purpose);
      if (!key) {
        key = deriveSubkey(seed, purpose);
        subkeys.set(purpose, key);
      }
      return key;
    },
  };
}
