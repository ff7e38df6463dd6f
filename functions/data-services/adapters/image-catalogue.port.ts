/**
 * Which anonymized images match a dataset's filters. The imaging context owns the catalogue and publishes
 * ImageAnonymized; this context keeps its own projection of the facts it needs (`data-services-images`,
 * image id + modality/region/pathology), filled by a projection of `imaging.events`.
 */
import type { Dataset } from '../../../schemas/data-services/v1/data-service.fields.ts';
import { db } from '../../platform/clients.ts';

export const DATA_SERVICES_IMAGES = 'data-services-images';
/** A dataset manifest lists at most this many images; larger grants are paged by the download API. */
export const MANIFEST_LIMIT = 1000;

/** Read outside any transaction: the manifest is a snapshot at start, and a query in a transaction would
 * make every starting data service contend on the catalogue. */
export async function matchingImages(dataset: Pick<Dataset, 'filters' | 'imageIds'>): Promise<string[]> {
  const { filters, imageIds } = dataset;
  const wanted = Object.entries({
    modality: filters.modality,
    region: filters.region,
    pathology: filters.pathology,
    centerCode: filters.center,
  }).filter((e): e is [string, string] => Boolean(e[1]));
  const images = db().collection(DATA_SERVICES_IMAGES);
  // An explicit manifest: its listed images that exist and match the filters too.
  if (imageIds) {
    if (imageIds.length === 0) return [];
    const docs = await db().getAll(...imageIds.map((id) => images.doc(id)));
    const match = (d: FirebaseFirestore.DocumentData) => wanted.every(([f, v]) => d[f] === v);
    return docs
      .filter((d) => d.exists && match(d.data() ?? {}))
      .map((d) => d.id)
      .sort();
  }
  let query: FirebaseFirestore.Query = images;
  for (const [field, value] of wanted) query = query.where(field, '==', value);
  const snap = await query.limit(MANIFEST_LIMIT).get();
  return snap.docs.map((d) => d.id).sort();
}
