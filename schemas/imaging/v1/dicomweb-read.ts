/**
 * DICOMweb read side (QIDO-RS, WADO-RS; PS3.18): path parameters, query parameters, the DICOM JSON answer,
 * and the stored index document (`dicomweb-instances`) they are served from.
 */
import { z } from 'zod';
import { CenterCode } from '../../centers/v1/center.fields.ts';
import { ImageId, Modality, PathologyCode, Region } from './image.fields.ts';

/** A DICOM UID (PS3.5 §9.1): digits and dots, at most 64 characters. Anything else reads as absent (404). */
export const DicomUid = z
  .string()
  .max(64)
  .regex(/^[0-9]+(\.[0-9]+)*$/);

export const StudyPath = z.object({ study: DicomUid });
export const SeriesPath = z.object({ study: DicomUid, series: DicomUid });
export const InstancePath = z.object({ study: DicomUid, series: DicomUid, instance: DicomUid });
export const FramesPath = InstancePath.extend({
  frames: z.string().max(8000).meta({ description: 'One-based frame numbers, comma separated (`1,3`).' }),
});
export const FramePath = InstancePath.extend({ frame: z.string().max(10) });

const Param = z.union([z.string(), z.array(z.string())]);
/** Matching keys, by keyword or by tag (PS3.18 §8.3.4.1); any other key is refused with a 400. */
const MATCH_KEYS = {
  PatientID: '00100020',
  StudyDate: '00080020',
  Modality: '00080060',
  ModalitiesInStudy: '00080061',
  BodyPartExamined: '00180015',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  SOPInstanceUID: '00080018',
  SOPClassUID: '00080016',
} as const;
export const QIDO_KEYWORDS = Object.keys(MATCH_KEYS) as (keyof typeof MATCH_KEYS)[];

const matchShape = Object.fromEntries(
  Object.entries(MATCH_KEYS).flatMap(([keyword, tag]) => [
    [keyword, Param.optional()],
    [tag, Param.optional()],
  ]),
) as Record<string, z.ZodOptional<typeof Param>>;

/** QIDO-RS query: matching keys, `limit` (≤ 1000), `offset`, `includefield` (keywords, tags or `all`), `fuzzymatching`. */
export const QidoQuery = z.strictObject({
  ...matchShape,
  limit: Param.optional(),
  offset: Param.optional(),
  includefield: Param.optional(),
  fuzzymatching: Param.optional(),
});

/** WADO-RS retrieve and metadata take no query parameters. */
export const RetrieveQuery = z.strictObject({});

/** `…/rendered`: `viewport=w,h`, `quality` (JPEG, 1–100), `window=center,width[,linear]`. */
export const RenderedQuery = z.strictObject({
  viewport: z.string().max(20).optional(),
  quality: z.string().max(3).optional(),
  window: z.string().max(60).optional(),
});

/** One attribute in the DICOM JSON model (PS3.18 Annex F). */
export const DicomJsonAttribute = z.object({
  vr: z.string().length(2),
  Value: z.array(z.unknown()).optional(),
  InlineBinary: z.string().optional(),
  BulkDataURI: z.string().optional(),
});
export const DicomJsonDataset = z.record(z.string().regex(/^[0-9A-F]{8}$/), DicomJsonAttribute);
export const DicomJsonDatasets = z.array(DicomJsonDataset);

/** The stored index entry of one anonymized DICOM instance (`dicomweb-instances/{study|series|instance}`). */
export const DicomwebInstanceDocument = z.object({
  imageId: ImageId,
  centerCode: CenterCode,
  modality: Modality,
  region: Region,
  pathology: PathologyCode.optional(),
  object: z.string().max(200),
  bytes: z.number().int().nonnegative(),
  transferSyntaxUid: DicomUid,
  study: DicomUid,
  series: DicomUid,
  sop: DicomUid,
  sopClass: z.string().max(64),
  /** `YYYYMMDD`, shifted like every date of the anonymized file; '' when the file has none. */
  studyDate: z.string().regex(/^(\d{8})?$/),
  /** The pseudonym the anonymized file carries as Patient ID ('' when none). */
  patientId: z.string().max(120),
  dicomModality: z.string().max(16),
  bodyPart: z.string().max(64),
  frames: z.number().int().positive(),
  attrs: z.object({ study: DicomJsonDataset, series: DicomJsonDataset, instance: DicomJsonDataset }),
});
export type DicomwebInstanceDocument = z.infer<typeof DicomwebInstanceDocument>;
