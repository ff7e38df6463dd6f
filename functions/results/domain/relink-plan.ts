/**
 * Relinking legacy clinical results. Until issuers were center codes, a result's pseudonym was keyed under
 * the center id (or whatever issuer the center named), so it joins none of the patient's images, which are
 * keyed under the center code. The pseudonym is a one-way MAC of the MRN and nothing else stored (the sealed
 * text, the request hash) holds the MRN, so it cannot be recomputed from the record: the MRNs must come from
 * the center again. From them this finds which legacy pseudonym belongs to which MRN, and plans the re-keying.
 * Pure: keyrings are values here.
 */
import type { Keyring } from '../../tokens/lib/index.ts';

export interface UnlinkedResult {
  id: string;
  patientPseudonym: string;
}

export interface RelinkUpdate {
  id: string;
  from: string;
  to: string;
}

export interface RelinkPlan {
  updates: RelinkUpdate[];
  /** Ids of results none of the given MRNs explains (another MRN, another issuer, or a retired seed). */
  unmatched: string[];
}

const VERSIONED = /^psn:patient_id:v(\d+):/;

/** The seed versions the legacy pseudonyms were made with: only those keyrings can reproduce them. */
export function seedVersionsOf(results: readonly UnlinkedResult[]): number[] {
  const versions = new Set<number>();
  for (const r of results) {
    const m = VERSIONED.exec(r.patientPseudonym);
    if (m) versions.add(Number(m[1]));
  }
  return [...versions].sort((a, b) => a - b);
}

/**
 * Which of the `wanted` legacy pseudonyms each MRN produces, under each keyring and each former issuer. The
 * map holds MRNs in memory only, for the caller to compute their new pseudonyms; nothing here logs them.
 */
export function matchLegacyPseudonyms(
  mrns: Iterable<string>,
  rings: readonly Keyring[],
  formerIssuers: readonly string[],
  wanted: ReadonlySet<string>,
): Map<string, string> {
  const found = new Map<string, string>();
  for (const raw of mrns) {
    const mrn = raw.trim();
    if (!mrn) continue;
    for (const ring of rings)
      for (const issuer of formerIssuers) {
        const psn = ring.pseudonym('patient_id', mrn, issuer);
        if (wanted.has(psn) && !found.has(psn)) found.set(psn, mrn);
      }
  }
  return found;
}

/** Every unlinked result whose pseudonym has a new one is re-keyed; the rest are listed, untouched. */
export function planRelink(
  results: readonly UnlinkedResult[],
  rekeyed: ReadonlyMap<string, string>,
): RelinkPlan {
  const updates: RelinkUpdate[] = [];
  const unmatched: string[] = [];
  for (const r of results) {
    const to = rekeyed.get(r.patientPseudonym);
    if (to === undefined) unmatched.push(r.id);
    else updates.push({ id: r.id, from: r.patientPseudonym, to });
  }
  return { updates, unmatched };
}
