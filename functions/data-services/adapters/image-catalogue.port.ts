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
export async function matchingImages(filters: Dataset['filters']): Promise<string[]> {
  let query: FirebaseFirestore.Query = db().collection(DATA_SERVICES_IMAGES);
  if (filters.modality) query = query.where('modality', '==', filters.modality);
  if (filters.region) query = query.where('region', '==', filters.region);
  if (filters.pathology) query = query.where('pathology', '==', filters.pathology);
  const snap = await query.limit(MANIFEST_LIMIT).get();
  return snap.docs.map((d) => d.id).sort();
}
