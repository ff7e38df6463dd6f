/**
 * Catalogue search within a principal's access: one search per granted dataset that agrees with the
 * filters, merged newest first. Every sub-search starts after the same cursor, so the merged page and its
 * cursor are exactly those of one search over the union.
 */
import { db } from '../../platform/clients.ts';
import type { CatalogueRecord } from '../domain/catalogue.ts';
import { type ImageAccess, mayRead, narrow } from '../domain/image-access.ts';
import {
  type Cursor,
  findImage,
  IMAGES,
  type ImageSearch as Search,
  searchImages,
} from './catalogue.repository.ts';

/** The record, when it exists and the access may read it. */
export async function findReadableImage(
  access: ImageAccess,
  imageId: string,
): Promise<CatalogueRecord | undefined> {
  const record = await findImage(imageId);
  return record && mayRead(access, record) ? record : undefined;
}

// Plain code-unit comparison, as Firestore orders strings (the values are ASCII).
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const newestFirst = (a: Cursor, b: Cursor) =>
  compare(b.ingestedAt, a.ingestedAt) || compare(b.imageId, a.imageId);
/** True when `r` comes after the cursor in newest-first order. */
const isAfter = (r: CatalogueRecord, c: Cursor) => newestFirst(c, r) < 0;

/** An explicit manifest, read by id (at most 1,000) and filtered as the query would. */
async function listedImages(ids: readonly string[], q: Search, after?: Cursor): Promise<CatalogueRecord[]> {
  if (ids.length === 0) return [];
  const images = db().collection(IMAGES);
  const snaps = await db().getAll(...ids.map((id) => images.doc(id)));
  return snaps
    .filter((s) => s.exists)
    .map((s) => s.data() as CatalogueRecord)
    .filter(
      (r) =>
        (!q.modality || r.modality === q.modality) &&
        (!q.region || r.region === q.region) &&
        (!q.pathology || r.pathology === q.pathology) &&
        (!q.center || r.centerCode === q.center) &&
        (!q.from || r.ingestedAt >= q.from) &&
        (!q.to || r.ingestedAt < q.to) &&
        (!after || isAfter(r, after)),
    );
}

export async function searchAccessible(
  access: ImageAccess,
  q: Search,
  after?: Cursor,
): Promise<{ items: CatalogueRecord[]; last?: Cursor }> {
  const searches = narrow(access, q);
  if (searches.length === 1 && !searches[0]?.imageIds)
    return searchImages({ ...q, ...searches[0]?.filters }, after);
  const pages = await Promise.all(
    searches.map(async (s) =>
      s.imageIds
        ? listedImages(s.imageIds, { ...q, ...s.filters }, after)
        : (await searchImages({ ...q, ...s.filters, pageSize: q.pageSize + 1 }, after)).items,
    ),
  );
  const byId = new Map(pages.flat().map((r) => [r.imageId, r]));
  const merged = [...byId.values()].sort(newestFirst);
  const items = merged.slice(0, q.pageSize);
  const last = items.at(-1);
  return merged.length > q.pageSize && last
    ? { items, last: { ingestedAt: last.ingestedAt, imageId: last.imageId } }
    : { items };
}
