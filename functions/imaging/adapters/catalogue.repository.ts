/** The image catalogue in Firestore: one record per anonymized image, and the filtered, paginated search. */
import type { Query } from '@google-cloud/firestore';
import { db } from '../../platform/clients.ts';
import type { CatalogueRecord } from '../domain/catalogue.ts';
import type { Filters } from '../domain/image-access.ts';
import { IMAGE_FILTERS } from './indexes.ts';

export const IMAGES = 'images';

export async function findImage(imageId: string): Promise<CatalogueRecord | undefined> {
  const snap = await db().collection(IMAGES).doc(imageId).get();
  return snap.exists ? (snap.data() as CatalogueRecord) : undefined;
}

/** Position after the last item of a page: newest first, image id breaking ties. */
export interface Cursor {
  ingestedAt: string;
  imageId: string;
}

/**
 * Equalities on the filters given, a range on `ingestedAt`, newest first. Every combination of filters is
 * a composite index listed in `indexes.ts` (the emulator needs none; Firestore in production does).
 */
/** Equalities on coded fields, a shifted ingest-date range and a page size. */
export type ImageSearch = Filters & { from?: string; to?: string; pageSize: number };

export async function searchImages(
  q: ImageSearch,
  after?: Cursor,
): Promise<{ items: CatalogueRecord[]; last?: Cursor }> {
  let query: Query = db().collection(IMAGES);
  for (const [param, field] of IMAGE_FILTERS) {
    const value = q[param];
    if (value !== undefined) query = query.where(field, '==', value);
  }
  if (q.from) query = query.where('ingestedAt', '>=', q.from);
  if (q.to) query = query.where('ingestedAt', '<', q.to);
  query = query.orderBy('ingestedAt', 'desc').orderBy('imageId', 'desc');
  if (after) query = query.startAfter(after.ingestedAt, after.imageId);
  const snap = await query.limit(q.pageSize + 1).get();
  const docs = snap.docs.map((d) => d.data() as CatalogueRecord);
  const items = docs.slice(0, q.pageSize);
  const last = items.at(-1);
  return docs.length > q.pageSize && last
    ? { items, last: { ingestedAt: last.ingestedAt, imageId: last.imageId } }
    : { items };
}
