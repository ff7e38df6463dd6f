/** The image catalogue read model and the HTTP bodies that serve it (seed: `ImagenAnonimizada`). */
import { z } from 'zod';
import { CenterCode, CenterId } from '../../centers/v1/center.fields.ts';
import { DicomUid } from './dicomweb-read.ts';
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

/**
 * One catalogued image. Seed names (`ImagenAnonimizada`): id_imagen → imageId, modalidad → modality,
 * patologia → pathology, region_anatomica → region (+ bodyPart), formato_imagen → format,
 * fuente_de_datos → centerId/centerCode, antecedentes → history, id_paciente → patientToken,
 * fecha_ingesta → ingestedAt.
 */
export const ImageView = z.object({
  imageId: ImageId,
  modality: Modality,
  pathology: PathologyCode.optional(),
  region: Region,
  /** The normalized DICOM Body Part Examined term the region came from (e.g. `CHEST`), when there was one. */
  bodyPart: z.string().max(16).optional(),
  category: DatasetCategory,
  format: ImageFormat,
  centerId: CenterId,
  centerCode: CenterCode,
  /** The center's upload the image came in: shown to curators and the center, not to clients. */
  uploadId: UploadId.optional(),
  /** Clinical history: present only for roles allowed to read it; `hasHistory` tells the others it exists. */
  history: z.string().optional(),
  hasHistory: z.boolean(),
  patientToken: z.string().optional(),
  /** `study`: the token is study-scoped (no Patient ID was sent); absent on older records means `patient`. */
  linkage: Linkage.optional(),
  /** The (shifted) ingest day at 00:00:00Z: the time of day would reveal the date offset. */
  ingestedAt: z.iso.datetime(),
  profileVersion: z.string(),
  keyVersion: z.number().int(),
  object: z.string(),
  sha256: Sha256Hex,
  bytes: z.number().int(),
  /** Images at burned-in risk: what pixel cleaning examined and filled (absent for the others). */
  pixelCleaning: PixelCleaning.optional(),
  /** A DICOM image's (anonymized) UIDs once DICOMweb has indexed it: its WADO-RS path, e.g. for `…/rendered`. */
  dicom: z
    .object({ studyInstanceUid: DicomUid, seriesInstanceUid: DicomUid, sopInstanceUid: DicomUid })
    .optional(),
});
export type ImageView = z.infer<typeof ImageView>;

export const ImagePage = z.object({ items: z.array(ImageView), nextCursor: z.string().optional() });

export const ImageIdParams = z.object({ id: ImageId });

/** `GET /images` filters: equalities on the coded fields, a range on the (shifted) ingest date. */
export const ListImagesQuery = z.strictObject({
  modality: Modality.optional(),
  region: Region.optional(),
  pathology: PathologyCode.optional(),
  center: CenterCode.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
});
export type ListImagesQuery = z.infer<typeof ListImagesQuery>;

/** A short-lived V4 signed URL to the anonymized object. */
export const DownloadLink = z.object({ url: z.url(), expiresAt: z.iso.datetime() });
