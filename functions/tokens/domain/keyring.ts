/**
 * The key hierarchy below one token seed: every purpose gets its own HKDF sub-key, and the
 * deterministic derivations the other contexts need (pseudonyms, date offsets, UID remapping) run
 * synchronously on them. Pure: node:crypto only, no I/O. The seed itself comes unwrapped from KMS.
 */
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { canonicalize, fieldDomain } from './fields.ts';

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

/** Builds the keyring of one seed version; sub-keys are derived once and reused for every call. */
export function keyringFromSeed(seed: Buffer, version: number): Keyring {
  if (seed.length !== 32) throw new Error('a token seed is 32 bytes');
  const pseudonymKeys = new Map<string, KeyObject>();
  const pseudonymKey = (field: string) => {
    let key = pseudonymKeys.get(field);
    if (!key) {
      key = createSecretKey(deriveSubkey(seed, `pseudonym:${field}`));
      pseudonymKeys.set(field, key);
    }
    return key;
  };
  const dateKey = createSecretKey(deriveSubkey(seed, 'date-shift'));
  const uidKey = createSecretKey(deriveSubkey(seed, 'uid-remap'));

  return {
    version,
    pseudonym(field, value, issuer) {
      const domain = fieldDomain(field);
      // Shared identifiers (national ids) link across centers; local ones (MRNs) are scoped to their issuer.
      const input = domain.shared
        ? canonicalize(domain, value)
        : `${issuer ?? ''}\u0000${canonicalize(domain, value)}`;
      const mac = hmac(pseudonymKey(field), input).subarray(0, 24).toString('base64url');
      return `psn:${field}:v${version}:${mac}`;
    },
    dateOffsetDays(issuer, patientId) {
      const mac = hmac(dateKey, `${issuer}\u0000${canonicalize(fieldDomain('patient_id'), patientId)}`);
      return -1 - (mac.readUInt32BE(0) % 3650);
    },
    remapUid(uid) {
      // 2.25 + a 128-bit integer is at most 5 + 39 = 44 characters (PS3.5 B.2).
      const mac = hmac(uidKey, uid.trim().replace(/\0+$/, '')).subarray(0, 16);
      return `2.25.${BigInt(`0x${mac.toString('hex')}`).toString(10)}`;
    },
    subkey: (purpose) => deriveSubkey(seed, purpose),
  };
}
