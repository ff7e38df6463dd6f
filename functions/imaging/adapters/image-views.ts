/** Catalogue records as API views: the sealed history is opened only for roles allowed to read it. */
import type { ImageView } from '../../../schemas/imaging/v1/image.view.ts';
import type { Role } from '../../manifest.types.ts';
import { openField } from '../../tokens/lib/index.ts';
import { mayReadHistory, mayReadUploadIds } from '../domain/access.ts';
import { type CatalogueRecord, historyAad, imageView } from '../domain/catalogue.ts';
import { dicomUidsOf } from './dicomweb-index.repository.ts';

export async function viewFor(record: CatalogueRecord, roles: readonly Role[]): Promise<ImageView> {
  const { uploadId, ...rest } = record;
  const shown = mayReadUploadIds(roles) ? record : rest;
  if (!record.history || !mayReadHistory(roles)) return imageView(shown);
  return imageView(shown, await openField(record.history, historyAad(record.imageId)));
}

/** Adds each DICOM image's study, series and instance UIDs (its WADO-RS path), once DICOMweb has indexed it. */
export async function withDicomUids(views: ImageView[]): Promise<ImageView[]> {
  const uids = await dicomUidsOf(views.map((v) => v.imageId));
  return views.map((v) => {
    const d = uids.get(v.imageId);
    return d ? { ...v, dicom: d } : v;
  });
}
