/**
 * The DICOMweb index in Firestore: one document per instance, its id `study|series|instance` so a plain
 * equality query (Firestore merges single-field indexes, ordered by id) returns one study's instances
 * together. A StudyDate range with no selective key runs as a range on `studyDate` (composite indexes in
 * indexes.ts); every other condition is checked again in memory, so either plan returns the same entries.
 */
import { FieldPath, type Query, type QueryDocumentSnapshot, type Transaction } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import { type DicomwebInstance, instanceKey } from '../domain/dicomweb/instance-index.ts';
import type { MatchField, QidoSearch } from '../domain/dicomweb/qido-query.ts';
import { FILTER_KEYS, type Filters } from '../domain/image-access.ts';

export const DICOMWEB_INSTANCES = 'dicomweb-instances';
const PAGE = 300;
/** Access filter → index field. */
const ACCESS_FIELD = {
  modality: 'modality',
  region: 'region',
  pathology: 'pathology',
  center: 'centerCode',
} as const;
/** Keys that narrow a search to a few entries: with one of them, a date range is checked in memory. */
const SELECTIVE: readonly MatchField[] = ['study', 'series', 'sop', 'patientId'];

/** Writes (or rewrites, identically on redelivery) an instance's entry. */
export function saveInstance(tx: Transaction, entry: DicomwebInstance): void {
  tx.set(db().collection(DICOMWEB_INSTANCES).doc(instanceKey(entry)), entry);
}

/** The WADO-RS UIDs of those images that DICOMweb has indexed, by image id (Firestore `in`: 30 at a time). */
export async function dicomUidsOf(
  imageIds: readonly string[],
): Promise<Map<string, { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string }>> {
  const chunks: string[][] = [];
  for (let i = 0; i < imageIds.length; i += 30) chunks.push(imageIds.slice(i, i + 30));
  const snaps = await Promise.all(
    chunks.map((c) => db().collection(DICOMWEB_INSTANCES).where('imageId', 'in', c).get()),
  );
  return new Map(
    snaps.flatMap((s) =>
      s.docs.map((d) => {
        const e = d.data() as DicomwebInstance & { imageId: string };
        return [e.imageId, { studyInstanceUid: e.study, seriesInstanceUid: e.series, sopInstanceUid: e.sop }];
      }),
    ),
  );
}

/** One search: the QIDO conditions and one readable part of the catalogue (a `narrow` result). */
export interface IndexSearch {
  match: QidoSearch['match'];
  studyDate?: QidoSearch['studyDate'];
  access: { filters: Filters; imageIds?: readonly string[] };
}

const byDate = (s: IndexSearch) =>
  s.studyDate !== undefined && !SELECTIVE.some((f) => (s.match[f]?.length ?? 0) > 0);

/** Scan order of a plan: by id, or by study date then id. */
export const scanOrder = (dated: boolean) => (a: DicomwebInstance, b: DicomwebInstance) => {
  const ka = dated ? `${a.studyDate}\u0000${instanceKey(a)}` : instanceKey(a);
  const kb = dated ? `${b.studyDate}\u0000${instanceKey(b)}` : instanceKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** Every condition of a search, in memory. */
function admits(s: IndexSearch, e: DicomwebInstance): boolean {
  for (const [field, values] of Object.entries(s.match) as [MatchField, string[]][])
    if (values && !values.includes(e[field])) return false;
  if (s.studyDate?.from && !(e.studyDate >= s.studyDate.from)) return false;
  if (s.studyDate?.to && !(e.studyDate !== '' && e.studyDate <= s.studyDate.to)) return false;
  for (const k of FILTER_KEYS) {
    const want = s.access.filters[k];
    if (want !== undefined && e[ACCESS_FIELD[k]] !== want) return false;
  }
  return !s.access.imageIds || s.access.imageIds.includes(e.imageId);
}

function queryOf(s: IndexSearch, dated: boolean): Query {
  let q: Query = db().collection(DICOMWEB_INSTANCES);
  for (const k of FILTER_KEYS) {
    const want = s.access.filters[k];
    if (want !== undefined) q = q.where(ACCESS_FIELD[k], '==', want);
  }
  if (dated) {
    if (s.studyDate?.from) q = q.where('studyDate', '>=', s.studyDate.from);
    q = q.where('studyDate', '<=', s.studyDate?.to ?? '99999999');
    return q.orderBy('studyDate').orderBy(FieldPath.documentId());
  }
  let oneIn = false;
  for (const [field, values] of Object.entries(s.match) as [MatchField, string[]][]) {
    if (!values || values.length === 0) continue;
    if (values.length === 1) q = q.where(field, '==', values[0]);
    else if (!oneIn) {
      q = q.where(field, 'in', values);
      oneIn = true;
    }
  }
  return q.orderBy(FieldPath.documentId());
}

/**
 * The entries of one search in scan order, page by page, until `enough(entries)` says so or none are left.
 * An explicit image list is read by id (30 per query) and filtered in memory.
 */
async function scanOne(
  s: IndexSearch,
  enough: (e: DicomwebInstance[]) => boolean,
): Promise<DicomwebInstance[]> {
  const dated = byDate(s);
  if (s.access.imageIds) {
    const ids = [...s.access.imageIds];
    const chunks = Array.from({ length: Math.ceil(ids.length / 30) }, (_, i) =>
      ids.slice(i * 30, i * 30 + 30),
    );
    const snaps = await Promise.all(
      chunks.map((c) => db().collection(DICOMWEB_INSTANCES).where('imageId', 'in', c).get()),
    );
    return snaps
      .flatMap((q) => q.docs.map((d) => d.data() as DicomwebInstance))
      .filter((e) => admits(s, e))
      .sort(scanOrder(dated));
  }
  const out: DicomwebInstance[] = [];
  let last: QueryDocumentSnapshot | undefined;
  for (;;) {
    let q = queryOf(s, dated).limit(PAGE);
    if (last) q = q.startAfter(last);
    const page = await q.get();
    for (const d of page.docs) {
      const e = d.data() as DicomwebInstance;
      if (admits(s, e)) out.push(e);
    }
    last = page.docs.at(-1);
    if (page.docs.length < PAGE || enough(out)) return out;
  }
}

/**
 * The union of several searches (one per readable part of the catalogue), in scan order, without repeats.
 * Each stops once `enough` holds for it: the union's first groups are among each search's first groups.
 */
export async function scanIndex(
  searches: readonly IndexSearch[],
  enough: (e: DicomwebInstance[]) => boolean = () => false,
): Promise<DicomwebInstance[]> {
  if (searches.length === 0) return [];
  const parts = await Promise.all(searches.map((s) => scanOne(s, enough)));
  const byKey = new Map<string, DicomwebInstance>();
  for (const e of parts.flat()) byKey.set(instanceKey(e), e);
  return [...byKey.values()].sort(scanOrder(byDate(searches[0] as IndexSearch)));
}
