/** Catalogue records as API views: the sealed history is opened only for roles allowed to read it. */
import type { ImageView } from '../../../schemas/imaging/v1/image.view.ts';
import type { Role } from '../../manifest.types.ts';
import { openField } from '../../tokens/lib/index.ts';
import { mayReadHistory } from '../domain/access.ts';
import { type CatalogueRecord, historyAad, imageView } from '../domain/catalogue.ts';

export async function viewFor(record: CatalogueRecord, roles: readonly Role[]): Promise<ImageView> {
  if (!record.history || !mayReadHistory(roles)) return imageView(record);
  return imageView(record, await openField(record.history, historyAad(record.imageId)));
}
