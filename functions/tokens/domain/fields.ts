/** Field domains a token can be made for, and the canonical form each value takes before it is keyed. */

export interface FieldDomain {
  name: string;
  /** `pseudonym`: one-way, deterministic. `reversible`: encrypted into the vault, revealable with audit. */
  kind: 'pseudonym' | 'reversible';
  /** Identifiers: separators (spaces, dashes, dots, slashes, underscores) are not significant. */
  identifier: boolean;
  /** Shared identifiers (national ids) give the same token at every center; others are scoped to the issuer. */
  shared: boolean;
}

const domains: Record<string, FieldDomain> = {
  patient_id: { name: 'patient_id', kind: 'pseudonym', identifier: true, shared: false },
  cedula: { name: 'cedula', kind: 'pseudonym', identifier: true, shared: true },
  rut: { name: 'rut', kind: 'pseudonym', identifier: true, shared: true },
  patient_name: { name: 'patient_name', kind: 'pseudonym', identifier: false, shared: false },
  /** Study linkage for files with no Patient ID: local, scoped to the issuer. */
  study_uid: { name: 'study_uid', kind: 'pseudonym', identifier: false, shared: false },
  accession_number: { name: 'accession_number', kind: 'pseudonym', identifier: true, shared: false },
  email: { name: 'email', kind: 'reversible', identifier: false, shared: true },
  phone: { name: 'phone', kind: 'reversible', identifier: true, shared: true },
  full_name: { name: 'full_name', kind: 'reversible', identifier: false, shared: true },
};

export class UnknownFieldDomain extends Error {
  constructor(readonly field: string) {
    super(`unknown field domain "${field}"`);
  }
}

export const fieldDomains = (): readonly FieldDomain[] => Object.values(domains);

export function fieldDomain(field: string): FieldDomain {
  const d = domains[field];
  if (!d) throw new UnknownFieldDomain(field);
  return d;
}

const SEPARATORS = /[\s\-./_]+/g;
const ASCII_SEPARATORS = /[-./_]+/g;
/** Printable ASCII without spaces: trimming and NFC cannot change it, so the fast path skips both. */
const PLAIN_ASCII = /^[\x21-\x7e]*$/;

/** Trim, Unicode NFC, case-fold; identifiers also lose their separators. */
export function canonicalize(domain: FieldDomain, value: string): string {
  if (PLAIN_ASCII.test(value)) {
    const lower = value.toLowerCase();
    return domain.identifier ? lower.replace(ASCII_SEPARATORS, '') : lower;
  }
  const folded = value.trim().normalize('NFC').toLowerCase();
  return domain.identifier ? folded.replace(SEPARATORS, '') : folded;
}
