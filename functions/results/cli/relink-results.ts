/**
 * The relink migration for one center: its legacy results (pseudonyms keyed under the center id) are re-keyed
 * under the center code, the issuer key imaging uses, for every MRN the center supplies again. Idempotent: a
 * re-keyed result carries `patientIssuer` and is never looked at again. See domain/relink-plan.ts for why the
 * MRNs are needed. Events: none — ClinicalResultRecorded was about the recording, and its only consumer
 * (the result mail) reads no pseudonym; readers get the new one from `GET /results/{id}`.
 */
import {
  centerCodeOf,
  type Keyring,
  keyringFor,
  linkageKeyring,
  SeedUnavailable,
} from '../../tokens/lib/index.ts';
import { relinkResults, unlinkedResultsOf } from '../adapters/result.repository.ts';
import { matchLegacyPseudonyms, planRelink, seedVersionsOf } from '../domain/relink-plan.ts';

export interface RelinkReport {
  centerId: string;
  /** The center code the results are now keyed under. */
  issuer: string;
  /** Results of the center without a code-keyed pseudonym before this run. */
  unlinked: number;
  /** Of those, the ones the MRNs explain (re-keyed, unless a dry run). */
  matched: number;
  relinked: number;
  /** Left as they were: no supplied MRN produces their pseudonym. */
  unmatched: number;
  /** Seed versions of legacy pseudonyms that are retired: their results cannot be matched at all. */
  retiredSeedVersions: number[];
  dryRun: boolean;
}

/** The center is unknown to the tokens context: without its code there is nothing to key under. */
export class CenterNotKnown extends Error {}

async function readableKeyrings(
  versions: readonly number[],
): Promise<{ rings: Keyring[]; retired: number[] }> {
  const rings: Keyring[] = [];
  const retired: number[] = [];
  for (const v of versions) {
    try {
      rings.push(await keyringFor(v));
    } catch (e) {
      if (!(e instanceof SeedUnavailable)) throw e;
      retired.push(v);
    }
  }
  return { rings, retired };
}

export async function relinkCenterResults(opts: {
  centerId: string;
  mrns: Iterable<string>;
  dryRun?: boolean;
  now?: () => Date;
}): Promise<RelinkReport> {
  const { centerId } = opts;
  const code = await centerCodeOf(centerId);
  if (!code) throw new CenterNotKnown(`center ${centerId} is not in the tokens context's list of centers`);
  const unlinked = await unlinkedResultsOf(centerId);
  const { rings, retired } = await readableKeyrings(seedVersionsOf(unlinked));
  const wanted = new Set(unlinked.map((r) => r.patientPseudonym));
  // A center that already named its code as issuer has code-keyed results: they are matched and marked too.
  const mrnOf = matchLegacyPseudonyms(opts.mrns, rings, [centerId, code], wanted);
  const rekeyed = new Map<string, string>();
  const newPseudonym = new Map<string, string>();
  for (const [legacy, mrn] of mrnOf) {
    let to = newPseudonym.get(mrn);
    if (to === undefined) {
      // The keyring pinned to this patient under the code: the same one imaging keys the patient's images with.
      to = (await linkageKeyring(code, mrn)).pseudonym('patient_id', mrn, code);
      newPseudonym.set(mrn, to);
    }
    rekeyed.set(legacy, to);
  }
  const plan = planRelink(unlinked, rekeyed);
  const at = (opts.now ?? (() => new Date()))().toISOString();
  const relinked = opts.dryRun ? 0 : await relinkResults(plan.updates, code, at);
  return {
    centerId,
    issuer: code,
    unlinked: unlinked.length,
    matched: plan.updates.length,
    relinked,
    unmatched: plan.unmatched.length,
    retiredSeedVersions: retired,
    dryRun: opts.dryRun === true,
  };
}
