/**
 * The Firestore composite indexes the imaging queries need, as data (the infra generator reads this).
 * `GET /images` applies an equality for each filter given, a range on `ingestedAt`, and orders by
 * `ingestedAt desc, imageId desc`: one index per non-empty subset of the equality fields.
 */

/** Query parameter → catalogue field, in the order equalities are applied. */
export const IMAGE_FILTERS = [
  ['modality', 'modality'],
  ['region', 'region'],
  ['pathology', 'pathology'],
  ['center', 'centerCode'],
] as const;

export interface CompositeIndex {
  collection: string;
  fields: { field: string; order: 'ASCENDING' | 'DESCENDING' }[];
}

/** Every non-empty subset of `xs`, in a stable order. */
function subsets<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [[]];
  for (const x of xs) for (const s of out.slice()) out.push([...s, x]);
  return out.filter((s) => s.length > 0);
}

export const imagingIndexes: CompositeIndex[] = [
  // GET /images with no filter: ingestedAt desc + imageId desc.
  {
    collection: 'images',
    fields: [
      { field: 'ingestedAt', order: 'DESCENDING' },
      { field: 'imageId', order: 'DESCENDING' },
    ],
  },
  ...subsets(IMAGE_FILTERS.map(([, field]) => field)).map((eq) => ({
    collection: 'images',
    fields: [
      ...eq.map((field) => ({ field, order: 'ASCENDING' as const })),
      { field: 'ingestedAt', order: 'DESCENDING' as const },
      { field: 'imageId', order: 'DESCENDING' as const },
    ],
  })),
  // Late-sidecar check: nameHash == and status in […].
  {
    collection: 'imaging-ingests',
    fields: [
      { field: 'nameHash', order: 'ASCENDING' },
      { field: 'status', order: 'ASCENDING' },
    ],
  },
  // Received count: uploadId == and reprocessOf > '' (re-uploads are not received twice).
  {
    collection: 'imaging-ingests',
    fields: [
      { field: 'uploadId', order: 'ASCENDING' },
      { field: 'reprocessOf', order: 'ASCENDING' },
    ],
  },
  // Quarantine review (GET /quarantine, backlog pages): status in [rejected, held], optional center and
  // reason equalities, optional finishedAt < cutoff, ordered by finishedAt then document id.
  ...[[], ['centerCode'], ['reason'], ['centerCode', 'reason']].map((eq) => ({
    collection: 'imaging-ingests',
    fields: [
      { field: 'status', order: 'ASCENDING' as const },
      ...eq.map((field) => ({ field, order: 'ASCENDING' as const })),
      { field: 'finishedAt', order: 'ASCENDING' as const },
    ],
  })),
  // DICOMweb QIDO with a StudyDate range and no selective key (dicomweb-index.repository.ts): the access
  // equalities, then the range on studyDate, ordered by studyDate then id. Other QIDO equalities are
  // equality-only queries ordered by id, which Firestore serves by merging single-field indexes.
  ...subsets(IMAGE_FILTERS.map(([, field]) => field)).map((eq) => ({
    collection: 'dicomweb-instances',
    fields: [
      ...eq.map((field) => ({ field, order: 'ASCENDING' as const })),
      { field: 'studyDate', order: 'ASCENDING' as const },
    ],
  })),
  // GET /uploads: newest first, then id; optionally one center's.
  ...[[], ['centerCode']].map((eq) => ({
    collection: 'imaging-uploads',
    fields: [
      ...eq.map((field) => ({ field, order: 'ASCENDING' as const })),
      { field: 'openedAt', order: 'DESCENDING' as const },
      { field: 'uploadId', order: 'DESCENDING' as const },
    ],
  })),
  // GET /quarantine/audit: newest first, then audit id.
  {
    collection: 'imaging-quarantine-audit',
    fields: [
      { field: 'at', order: 'DESCENDING' },
      { field: 'auditId', order: 'DESCENDING' },
    ],
  },
];
// Quarantine review also asks imaging-ingests.reprocessOf == (a re-upload arrived), single-field.
// Single-field queries need no composite index: imaging-ingests.uploadId (received count; per-file
// outcomes, ordered by document id),
// imaging-centers.centerId (POST /uploads resolves the caller's center code).
