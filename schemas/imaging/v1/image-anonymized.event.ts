/** ImageAnonymized v1: an upload was de-identified, stored in the anonymized bucket and catalogued. */
import { z } from 'zod';
import { CenterCode, CenterId } from '../../centers/v1/center.fields.ts';
import { defineEvent } from '../../message.ts';
import {
  DatasetCategory,
  ImageFormat,
  ImageId,
  Linkage,
  Modality,
  PathologyCode,
  PixelCleaning,
  Region,
  Sha256Hex,
  UploadId,
} from './image.fields.ts';

// Carries the catalogue facts, never the sealed history or an identifier: consumers build datasets from it.
export const ImageAnonymizedV1 = defineEvent(
  'imaging',
  'anonymized',
  1,
  z.object({
    imageId: ImageId,
    centerId: CenterId,
    centerCode: CenterCode,
    uploadId: UploadId,
    format: ImageFormat,
    modality: Modality,
    region: Region,
    category: DatasetCategory,
    pathology: PathologyCode.optional(),
    /** `psn:patient_id:v<N>:…` pseudonym; absent when neither the file nor the sidecar names a patient. */
    patientToken: z.string().max(120).optional(),
    /** `study` when the token is study-scoped (no Patient ID was sent); absent means `patient`. */
    linkage: Linkage.optional(),
    /** Object in the anonymized bucket, e.g. `images/HSJ-BOG/<imageId>.dcm`. */
    object: z.string().max(200),
    sha256: Sha256Hex,
    bytes: z.number().int().nonnegative(),
    profileVersion: z.string().max(40),
    keyVersion: z.number().int().positive(),
    /** The ingest date, shifted by the patient's date offset like every date in the image. */
    ingestedAt: z.iso.datetime(),
    /** The quarantined or held image this one reprocesses (a re-upload of its original). */
    reprocessOf: ImageId.optional(),
    /** Images at burned-in risk: what pixel cleaning examined and filled (absent for the others). */
    pixelCleaning: PixelCleaning.optional(),
  }),
);
export type ImageAnonymized = z.infer<typeof ImageAnonymizedV1.schema>;
