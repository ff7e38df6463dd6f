/**
 * The DICOMweb index entry of an anonymized instance: the QIDO matching values and return attributes
 * (DICOM JSON, read from the anonymized file only, so nothing but de-identified values is ever served)
 * beside the catalogue facts the access rules look at.
 */
import type { AccessFacts } from '../image-access.ts';
import { type DcmjsDict, type DicomJson, firstNumber, firstText, pick, toDicomJson } from './dicom-json.ts';

/** Study-level return attributes (PS3.18 Table 10.6.3-3), those a de-identified file can carry. */
export const STUDY_TAGS = [
  '00080020', // StudyDate
  '00080030', // StudyTime
  '00080050', // AccessionNumber
  '00080090', // ReferringPhysicianName
  '00080201', // TimezoneOffsetFromUTC
  '00081030', // StudyDescription
  '00100010', // PatientName
  '00100020', // PatientID
  '00100030', // PatientBirthDate
  '00100040', // PatientSex
  '00101010', // PatientAge
  '0020000D', // StudyInstanceUID
  '00200010', // StudyID
] as const;
/** Series-level return attributes (PS3.18 Table 10.6.3-4). */
export const SERIES_TAGS = [
  '00080021', // SeriesDate
  '00080031', // SeriesTime
  '00080060', // Modality
  '0008103E', // SeriesDescription
  '00180015', // BodyPartExamined
  '0020000E', // SeriesInstanceUID
  '00200011', // SeriesNumber
  '00200060', // Laterality
  '00400244', // PerformedProcedureStepStartDate
  '00400245', // PerformedProcedureStepStartTime
] as const;
/** Instance-level return attributes (PS3.18 Table 10.6.3-5). */
export const INSTANCE_TAGS = [
  '00080008', // ImageType
  '00080016', // SOPClassUID
  '00080018', // SOPInstanceUID
  '00080023', // ContentDate
  '00080033', // ContentTime
  '00200013', // InstanceNumber
  '00280002', // SamplesPerPixel
  '00280004', // PhotometricInterpretation
  '00280008', // NumberOfFrames
  '00280010', // Rows
  '00280011', // Columns
  '00280100', // BitsAllocated
  '00280101', // BitsStored
  '00280103', // PixelRepresentation
] as const;

export interface DicomwebInstance extends AccessFacts {
  /** Object in the anonymized bucket. */
  object: string;
  bytes: number;
  transferSyntaxUid: string;
  study: string;
  series: string;
  sop: string;
  sopClass: string;
  /** `YYYYMMDD` (shifted, as in the file), '' when absent: Firestore orders and ranges on it. */
  studyDate: string;
  patientId: string;
  dicomModality: string;
  bodyPart: string;
  frames: number;
  attrs: { study: DicomJson; series: DicomJson; instance: DicomJson };
}

/** The document id: study, series and instance UIDs, so one study's instances sit together in id order. */
export const instanceKey = (i: Pick<DicomwebInstance, 'study' | 'series' | 'sop'>) =>
  `${i.study}|${i.series}|${i.sop}`;

/** The index entry of an instance from its (anonymized) header, or why it cannot be served. */
export function indexEntry(
  facts: AccessFacts & { object: string; bytes: number },
  transferSyntaxUid: string,
  header: DcmjsDict,
): DicomwebInstance | string {
  const json = toDicomJson(header);
  const study = firstText(json, '0020000D');
  const series = firstText(json, '0020000E');
  const sop = firstText(json, '00080018');
  if (!study || !series || !sop) return 'the instance lacks a Study, Series or SOP Instance UID';
  const date = firstText(json, '00080020');
  return {
    imageId: facts.imageId,
    centerCode: facts.centerCode,
    modality: facts.modality,
    region: facts.region,
    ...(facts.pathology ? { pathology: facts.pathology } : {}),
    object: facts.object,
    bytes: facts.bytes,
    transferSyntaxUid,
    study,
    series,
    sop,
    sopClass: firstText(json, '00080016'),
    studyDate: /^\d{8}$/.test(date) ? date : '',
    patientId: firstText(json, '00100020'),
    dicomModality: firstText(json, '00080060'),
    bodyPart: firstText(json, '00180015'),
    frames: Math.max(1, Math.trunc(firstNumber(json, '00280008') ?? 1)),
    attrs: {
      study: pick(json, STUDY_TAGS),
      series: pick(json, SERIES_TAGS),
      instance: pick(json, INSTANCE_TAGS),
    },
  };
}
