/**
 * What STOW-RS checks of each part before it is written to ingest: a PS3.10 file dcmjs can read, whose SOP
 * Class, SOP Instance and Study Instance UIDs are there, in a transfer syntax the anonymizer takes, and in the
 * study the URL names (if it names one). Anything deeper (PHI, pixels, policy) is the anonymize pipeline's.
 * A refusal carries a PS3.18 Table I.2-2 failure reason and a PHI-free `why`.
 */
import { createRequire } from 'node:module';
import { Rejection } from '../dicom/reject.ts';
import { syntaxOf } from '../dicom/syntax.ts';
import { isDicomPart, type RelatedPart } from './multipart-related.ts';
import { FailureReason } from './stow-response.ts';

/** The slice of dcmjs used here (its CommonJS build: the package ships no types). */
interface Dcmjs {
  data: {
    DicomMessage: {
      readFile(
        buffer: ArrayBuffer,
        options: { untilTag: string; includeUntilTagValue: boolean; noCopy: boolean; ignoreErrors: boolean },
      ): { dict: DcmDict; meta: DcmDict };
    };
  };
}
type DcmDict = Record<string, { vr: string; Value?: unknown[] } | undefined>;
const dcmjs = createRequire(import.meta.url)('dcmjs') as Dcmjs;

const TAG = {
  mediaStorageSopClass: '00020002',
  mediaStorageSopInstance: '00020003',
  transferSyntax: '00020010',
  sopClass: '00080016',
  sopInstance: '00080018',
  studyInstance: '0020000D',
  pixelData: '7FE00010',
} as const;

export interface InstanceIds {
  sopClassUid: string;
  sopInstanceUid: string;
}

export type Inspection =
  | ({ ok: true; studyInstanceUid: string; transferSyntaxUid: string } & InstanceIds)
  | ({ ok: false; reason: number; why: string } & Partial<InstanceIds>);

const uid = (dict: DcmDict, tag: string): string | undefined => {
  const v = dict[tag]?.Value?.[0];
  const s = typeof v === 'string' ? v.replace(/[\0 ]+$/, '') : undefined;
  return s ? s : undefined;
};

const DICM_AT = 128;
const isPart10 = (b: Buffer) =>
  b.length >= DICM_AT + 4 && b.toString('latin1', DICM_AT, DICM_AT + 4) === 'DICM';

function read(bytes: Buffer): { dict: DcmDict; meta: DcmDict } | undefined {
  try {
    const view = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    // Headers only: reading stops at Pixel Data, whose frames the pipeline streams later.
    return dcmjs.data.DicomMessage.readFile(view, {
      untilTag: TAG.pixelData,
      includeUntilTagValue: false,
      noCopy: true,
      ignoreErrors: false,
    });
  } catch {
    return undefined;
  }
}

function syntaxRefusal(transferSyntaxUid: string): string | undefined {
  try {
    syntaxOf(transferSyntaxUid);
    return undefined;
  } catch (e) {
    if (e instanceof Rejection) return e.detail;
    throw e;
  }
}

/** Inspects one part; `study` is the Study Instance UID the request URL names, if any. */
export function inspectPart(part: Pick<RelatedPart, 'contentType' | 'bytes'>, study?: string): Inspection {
  const cannotUnderstand = FailureReason.cannotUnderstand;
  if (!isDicomPart(part.contentType))
    return { ok: false, reason: cannotUnderstand, why: 'the part is not application/dicom' };
  if (!isPart10(part.bytes))
    return { ok: false, reason: cannotUnderstand, why: 'not a PS3.10 file (no preamble and DICM prefix)' };
  const parsed = read(part.bytes);
  if (!parsed) return { ok: false, reason: cannotUnderstand, why: 'the data set cannot be parsed' };
  const { dict, meta } = parsed;
  const ids = {
    ...optional('sopClassUid', uid(dict, TAG.sopClass) ?? uid(meta, TAG.mediaStorageSopClass)),
    ...optional('sopInstanceUid', uid(dict, TAG.sopInstance) ?? uid(meta, TAG.mediaStorageSopInstance)),
  };
  const transferSyntaxUid = uid(meta, TAG.transferSyntax);
  if (!transferSyntaxUid)
    return { ok: false, reason: cannotUnderstand, why: 'the file meta has no transfer syntax', ...ids };
  const unsupported = syntaxRefusal(transferSyntaxUid);
  if (unsupported)
    return { ok: false, reason: FailureReason.transferSyntaxNotSupported, why: unsupported, ...ids };
  const studyInstanceUid = uid(dict, TAG.studyInstance);
  if (!ids.sopClassUid || !ids.sopInstanceUid || !studyInstanceUid)
    return {
      ok: false,
      reason: FailureReason.dataSetDoesNotMatchSopClass,
      why: 'SOP Class, SOP Instance or Study Instance UID missing',
      ...ids,
    };
  if (study !== undefined && studyInstanceUid !== study)
    return {
      ok: false,
      reason: FailureReason.studyInstanceUidMismatch,
      why: 'the instance belongs to another study than the URL names',
      ...ids,
    };
  return {
    ok: true,
    sopClassUid: ids.sopClassUid,
    sopInstanceUid: ids.sopInstanceUid,
    studyInstanceUid,
    transferSyntaxUid,
  };
}

const optional = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;

/** A SOP Instance UID sent twice in one request: the second copy and later ones are refused (0111H). */
export function refuseRepeats(inspections: readonly Inspection[]): Inspection[] {
  const seen = new Set<string>();
  return inspections.map((i) => {
    if (!i.ok) return i;
    if (!seen.has(i.sopInstanceUid)) {
      seen.add(i.sopInstanceUid);
      return i;
    }
    return {
      ok: false,
      reason: FailureReason.duplicateSopInstance,
      why: 'the same SOP Instance UID is in an earlier part of this request',
      sopClassUid: i.sopClassUid,
      sopInstanceUid: i.sopInstanceUid,
    };
  });
}
