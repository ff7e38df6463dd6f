/** The catalogue record of an anonymized image (seed: `ImagenAnonimizada`) and what is derived from it. */

import type { ImageView } from '../../../schemas/imaging/v1/image.view.ts';
import type { ImageAnonymized } from '../../../schemas/imaging/v1/image-anonymized.event.ts';
import type { ImageSidecar } from '../../../schemas/imaging/v1/sidecar.ts';
import type { SealedField } from '../../tokens/lib/index.ts';
import { classify, type RegionCode } from './classifier.ts';
import type { RegisteredCenter } from './image.decider.ts';
import type { PixelProvenance } from './pixels/clean-pixel-data.ts';

export type ImageFormat = 'dicom' | 'jpeg' | 'png';

/** A sealed field as the tokens library returns it: opaque here, stored as it is. */
export type Sealed = SealedField;

export interface CatalogueRecord {
  imageId: string;
  centerId: string;
  centerCode: string;
  uploadId: string;
  format: ImageFormat;
  modality: string;
  region: RegionCode;
  bodyPart?: string;
  category: string;
  pathology?: string;
  /** Clinical history sealed with the tokens context's field encryption (AAD binds it to this image). */
  history?: Sealed;
  patientToken?: string;
  /** How `patientToken` links: `study` when no Patient ID was sent (absent on older records: `patient`). */
  linkage?: 'patient' | 'study';
  /**
   * The ingest DAY, shifted by the patient's date offset like every date of the image, at 00:00:00Z. The
   * time of day is dropped: kept, anyone who saw when a record appeared could compute the offset from
   * it and un-shift every date of that patient. The day itself is as shifted as the study dates.
   */
  ingestedAt: string;
  profileVersion: string;
  keyVersion: number;
  object: string;
  sha256: string;
  bytes: number;
  /** Images at burned-in risk: the provenance of their Clean Pixel Data (frames read, boxes filled). */
  pixelCleaning?: PixelProvenance;
}

const EXTENSIONS: Record<ImageFormat, string> = { dicom: 'dcm', jpeg: 'jpg', png: 'png' };

/** The deterministic object name of an image in the anonymized bucket. */
export const anonymizedObjectName = (centerCode: string, imageId: string, format: ImageFormat) =>
  `images/${centerCode}/${imageId}.${EXTENSIONS[format]}`;

/** The object name a rejected upload is kept under in quarantine (never the uploaded name). */
export const quarantineObjectName = (imageId: string) => `rejected/${imageId}`;

/** The object name an upload held for review (burned-in risk) is kept under in quarantine. */
export const heldObjectName = (imageId: string) => `held/${imageId}`;

/** The additional authenticated data that binds a sealed history to its image. */
export const historyAad = (imageId: string) => `imaging/history/${imageId}`;

const DAY_MS = 86_400_000;

/**
 * The ingest day moved by whole days (the patient's date offset, 0 when no patient is known), at
 * midnight UTC: the time of day is dropped so the record's appearance cannot reveal the offset.
 */
export const shiftedIngestDate = (at: Date, offsetDays: number) =>
  new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS + offsetDays * DAY_MS).toISOString();

/** The ImageAnonymized event data of a record: everything but the sealed history. */
export function anonymizedEvent(r: CatalogueRecord): ImageAnonymized {
  const { history: _sealed, bodyPart: _term, ...rest } = r;
  return rest;
}

/** The API view of a record; `history` is the opened history, given only to roles allowed to read it. */
export function imageView(
  r: Omit<CatalogueRecord, 'uploadId'> & { uploadId?: string },
  history?: string,
): ImageView {
  const { history: sealed, ...rest } = r;
  return { ...rest, hasHistory: sealed !== undefined, ...(history === undefined ? {} : { history }) };
}

/** What the catalogue needs from an anonymizer outcome (already free of identifiers). */
export interface AnonymizedFacts {
  format: ImageFormat;
  modality?: string;
  bodyPart?: string;
  patientToken?: string;
  /** `study` when the token is study-scoped (the file and sidecar had no Patient ID). */
  linkage?: 'patient' | 'study';
  /** The patient's date offset (days); 0 or absent when no patient is known. */
  dateOffsetDays?: number;
  profileVersion: string;
  keyVersion: number;
  bytes: number;
  sha256: string;
  pixelCleaning?: PixelProvenance;
}

/** Builds the record of an anonymized image; the sidecar only adds coded facts, never its free text. */
export function catalogueRecord(input: {
  imageId: string;
  center: RegisteredCenter;
  uploadId: string;
  facts: AnonymizedFacts;
  object: string;
  sidecar?: ImageSidecar;
  history?: Sealed;
  receivedAt: Date;
}): CatalogueRecord {
  const { facts, sidecar } = input;
  const c = classify({
    ...(facts.bodyPart ? { bodyPart: facts.bodyPart } : {}),
    ...(sidecar?.bodyPart ? { sidecarBodyPart: sidecar.bodyPart } : {}),
    ...((facts.modality ?? sidecar?.modality) ? { modality: facts.modality ?? sidecar?.modality } : {}),
  });
  return {
    imageId: input.imageId,
    centerId: input.center.centerId,
    centerCode: input.center.code,
    uploadId: input.uploadId,
    format: facts.format,
    modality: c.modality,
    region: c.region,
    ...(c.bodyPart ? { bodyPart: c.bodyPart } : {}),
    category: c.category,
    ...(sidecar?.pathology ? { pathology: sidecar.pathology } : {}),
    ...(input.history ? { history: input.history } : {}),
    ...(facts.patientToken ? { patientToken: facts.patientToken, linkage: facts.linkage ?? 'patient' } : {}),
    ingestedAt: shiftedIngestDate(input.receivedAt, facts.dateOffsetDays ?? 0),
    profileVersion: facts.profileVersion,
    keyVersion: facts.keyVersion,
    object: input.object,
    sha256: facts.sha256,
    bytes: facts.bytes,
    ...(facts.pixelCleaning ? { pixelCleaning: facts.pixelCleaning } : {}),
  };
}
