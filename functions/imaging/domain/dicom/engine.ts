/**
 * The DICOM de-identification engine: a streaming header splice. The header part of the dataset is
 * read into memory, de-identified, verified and written; pixel data (native or encapsulated) is piped
 * through byte for byte, never decoded or buffered whole. Output keeps the input's transfer syntax,
 * gains a regenerated file meta group, and is byte-identical for the same input and keys.
 */
import type { Readable } from 'node:stream';
import type { Keyring } from '../../../tokens/lib/index.ts';
import type { PixelProvenance } from '../pixels/clean-pixel-data.ts';
import type { PixelCleaner } from '../pixels/pixel-ports.ts';
import { reviewedCleaner } from '../pixels/reviewed-cleaner.ts';
import type { Box } from '../pixels/text-box.ts';
import { parseBuffered } from './buffered-parse.ts';
import { bulkTextScanner } from './bulk-text-scan.ts';
import { bulkFate, passBulk } from './bulk-values.ts';
import { ByteReader, type PositionalInput } from './byte-reader.ts';
import { type Dataset, find, text } from './dataset.ts';
import { isoDate } from './dates.ts';
import { collectPhi, type DeidContext, PATIENT_ID, transform } from './deidentify.ts';
import { encodeDataset } from './encode.ts';
import { encodeMeta, readStart } from './file-meta.ts';
import { inflated } from './inflate-stream.ts';
import {
  burnedInRisk,
  DEFAULT_INGEST_POLICY,
  holdBurnedInRisk,
  type IngestPolicy,
  refuseNonImageClass,
} from './ingest-policy.ts';
import { describeTag } from './keywords.ts';
import { memoized } from './memoized-keyring.ts';
import { type DicomOutput, Sink } from './output-sink.ts';
import { DatasetParser } from './parse.ts';
import { PhiCollector } from './phi.ts';
import { type CleanedImage, examinePixels } from './pixel-step.ts';
import { isPrivateGroup, PROFILE_VERSION, type ProfileOptions } from './profile.ts';
import { reject } from './reject.ts';
import { deidentificationElements } from './stamp.ts';
import { syntaxOf, TS } from './syntax.ts';
import { leakFinding, verifyOutput } from './verify.ts';

/** Sidecar keys that carry identifiers (searched for in the output). */
const SIDECAR_IDENTIFIER = /patient|name|birth|cedula|document|email|phone|mrn|^id$/i;

/** Values small enough to hold in memory; a bigger top-level one is streamed like pixel data. */
const MAX_INLINE_VALUE = 8 * 1024 * 1024;
/** Default caps on what a header may cost (non-pixel bytes, element count). */
export const DEFAULT_MAX_HEADER_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_ELEMENTS = 1_000_000;

export interface DicomLimits {
  maxBytes: number;
  maxDepth: number;
  /** Total non-pixel bytes (default 64 MiB), beyond which the file is refused `header-too-large`. */
  maxHeaderBytes?: number;
  /** Total elements, nested ones included (default 1 M), beyond which it is refused `header-too-large`. */
  maxElements?: number;
}

export interface DicomJob {
  keyring: Keyring;
  issuer: string;
  options: ProfileOptions;
  sidecar?: Record<string, unknown> & { patientId?: string };
  limits: DicomLimits;
  /** Tests only: strings the verifier must not find. */
  canaries?: readonly string[];
  /** The center's ingest policy (default DEFAULT_INGEST_POLICY). */
  policy?: IngestPolicy;
  /** SHA-256 of the output (default true); a caller that never uses the digest turns it off. */
  hash?: boolean;
  /** The keyring pinned to a patient (linkage across seed rotations); without it `keyring` serves everyone. */
  keyringForPatient?: (patientId: string) => Promise<Keyring>;
  /** OCR and codecs to clean images at burned-in risk; without them such images are held `burned-in-risk`. */
  pixels?: PixelCleaner;
  /** A privacy officer's review of this held image: their regions replace the OCR (`reviewed-cleaner.ts`). */
  pixelReview?: { regions: readonly Box[] };
}

export interface DicomAttributes {
  modality?: string;
  bodyPartExamined?: string;
  studyDate?: string;
  patientToken: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid: string;
  numberOfFrames: number;
  transferSyntax: string;
  patientSex?: string;
  patientAge?: string;
  /** The patient's date offset (days): lets the caller shift sidecar dates alike. Never persist it. */
  dateOffsetDays: number;
  /** What the token links: the patient (a Patient ID was known) or only the study (none was). */
  linkage: 'patient' | 'study';
}

export interface DicomResult {
  attributes: DicomAttributes;
  profileVersion: string;
  bytesOut: number;
  /** Hex SHA-256 of the output; empty when the job turned hashing off. */
  sha256: string;
  /** The seed version whose keys made the tokens, dates and UIDs (the patient's pinned one, when pinned). */
  keyVersion: number;
  /** For an image at burned-in risk: what pixel cleaning examined and filled. */
  pixelCleaning?: PixelProvenance;
}

const first = (ds: Dataset, tag: number) => text(find(ds, tag));

/** De-identifies one DICOM stream into `output` (not ended here). Throws `Rejection` on unsafe input. */
export async function deidentifyDicom(
  input: Readable | AsyncIterable<Buffer> | Buffer | PositionalInput,
  output: DicomOutput,
  dicomJob: DicomJob,
): Promise<DicomResult> {
  const job = { ...dicomJob, keyring: memoized(dicomJob.keyring) };
  const policy = job.policy ?? DEFAULT_INGEST_POLICY;
  let r = new ByteReader(input, job.limits.maxBytes);
  const meta = await readStart(r);
  // A media directory says what it is in its meta: refused for that, not for its dataset's quirks.
  if (meta.sopClassUid) refuseNonImageClass(meta.sopClassUid);
  // Deflated: the dataset is inflated as it streams and written as explicit VR little endian.
  const deflated = meta.transferSyntaxUid === TS.deflatedLE;
  if (deflated) r = new ByteReader(inflated(r), job.limits.maxBytes);
  let outputSyntaxUid = deflated ? TS.explicitLE : meta.transferSyntaxUid;
  const syntax = syntaxOf(outputSyntaxUid);
  const parser = new DatasetParser(syntax, {
    maxDepth: job.limits.maxDepth,
    maxInlineValue: MAX_INLINE_VALUE,
    maxHeaderBytes: job.limits.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
    maxElements: job.limits.maxElements ?? DEFAULT_MAX_ELEMENTS,
  });
  const readSegment = () => parseBuffered(r, (i) => parser.readSegment(i));
  let segment = await readSegment();
  const top = segment.elements;
  if (top.length === 0) return reject('malformed-dicom', 'the dataset has no elements before its pixel data');

  const sopInstance = first(top, 0x00080018) || meta.sopInstanceUid;
  const sopClass = first(top, 0x00080016) || meta.sopClassUid;
  if (!sopInstance || !sopClass)
    return reject('malformed-dicom', 'no SOP Class/Instance UID in the dataset or file meta');
  refuseNonImageClass(sopClass);
  const risk = burnedInRisk(top, sopClass, policy);
  // The center may turn cleaning off (every image at risk is then held) and adds its device masks. A person's
  // review of the held image stands in for the OCR, whatever the center's setting: they looked at it.
  const withMasks = job.pixels && {
    ...job.pixels,
    masks: [...(job.pixels.masks ?? []), ...policy.deviceMasks],
  };
  const cleaner =
    withMasks && job.pixelReview
      ? reviewedCleaner(withMasks, job.pixelReview.regions)
      : policy.cleanPixels
        ? withMasks
        : undefined;
  if (risk && !cleaner) holdBurnedInRisk(risk);

  const fileOrSidecarId = first(top, PATIENT_ID) || job.sidecar?.patientId?.trim();
  const studyUid = first(top, 0x0020000d);
  if (!fileOrSidecarId && (policy.requirePatientId || !studyUid)) {
    return reject(
      'no-patient-identifier',
      policy.requirePatientId
        ? 'no (0010,0020) PatientID in the file or the sidecar, and the center requires one'
        : 'no (0010,0020) PatientID in the file or the sidecar, and no (0020,000D) StudyInstanceUID to link by',
    );
  }
  const linkage = fileOrSidecarId ? 'patient' : 'study';
  // Study linkage: the files of one study share a token and a date offset; nothing links studies.
  const linkKey = fileOrSidecarId ?? `study:${studyUid}`;
  const phi = new PhiCollector();
  // Sidecar identifiers must not surface in the output; its clinical free text is not an identifier.
  for (const [k, v] of Object.entries(job.sidecar ?? {}))
    if (typeof v === 'string' && SIDECAR_IDENTIFIER.test(k)) phi.addNeedle(v, `the sidecar's ${k}`);
  if (fileOrSidecarId) phi.addNeedle(fileOrSidecarId, '(0010,0020) PatientID');
  // Linkage: the patient's pinned keyring, so the same patient keeps token, offset and UIDs across rotations.
  if (job.keyringForPatient) job.keyring = memoized(await job.keyringForPatient(linkKey));
  const ctx: DeidContext = {
    options: job.options,
    keyring: job.keyring,
    patientToken: fileOrSidecarId
      ? job.keyring.pseudonym('patient_id', fileOrSidecarId, job.issuer)
      : job.keyring.pseudonym('study_uid', studyUid as string, job.issuer),
    dateOffsetDays: job.keyring.dateOffsetDays(job.issuer, linkKey),
    phi,
  };

  const privateCreators = top.filter(
    (e) => isPrivateGroup(e.tag) && (e.tag & 0xffff) >= 0x10 && (e.tag & 0xffff) <= 0xff,
  );
  // At burned-in risk: the pixels are examined (and cleaned) before a byte is written.
  let cleaned: CleanedImage | undefined;
  if (risk && cleaner) {
    cleaned = await examinePixels({
      r,
      segment,
      readSegment,
      parser,
      syntax,
      transferSyntaxUid: outputSyntaxUid,
      privateCreators,
      options: job.options,
      cleaner,
    });
    segment = cleaned.segment;
    outputSyntaxUid = cleaned.transferSyntaxUid;
  }

  const sink = new Sink(output, job.hash !== false);
  const metaBytes = encodeMeta(sopClass, job.keyring.remapUid(sopInstance), outputSyntaxUid);
  let pending: Dataset = [
    ...deidentificationElements(job.options, cleaned !== undefined),
    ...(cleaned?.moduleElements ?? []),
  ];
  // An identifier that came from the sidecar is recorded as the token, like one found in the file.
  if (!find(top, PATIENT_ID))
    pending.push({ tag: PATIENT_ID, vr: 'LO', value: Buffer.from(ctx.patientToken, 'latin1') });
  let out: Dataset = [];
  let metaWritten = false;
  for (;;) {
    collectPhi(segment.elements, job.options, phi);
    const boundary = segment.bulk?.tag ?? Number.POSITIVE_INFINITY;
    const stamps = pending.filter((e) => e.tag < boundary);
    pending = pending.filter((e) => e.tag >= boundary);
    const stampTags = new Set(stamps.map((e) => e.tag));
    const transformed = [...transform(segment.elements, ctx).filter((e) => !stampTags.has(e.tag)), ...stamps];
    if (!metaWritten) out = transformed;
    const bytes = encodeDataset(transformed, syntax);
    const finding = verifyOutput({
      meta: metaWritten ? Buffer.alloc(0) : metaBytes,
      segments: [bytes],
      syntax,
      phi,
      options: job.options,
      canaries: job.canaries,
      requireStamp: !metaWritten,
    });
    if (finding) return reject('residual-phi', finding);
    if (!metaWritten) {
      await sink.write(metaBytes);
      metaWritten = true;
    }
    await sink.write(bytes);
    const bulk = segment.bulk;
    if (!bulk) break;
    if (cleaned?.pixelElement && bulk === cleaned.segment.bulk) {
      // Read and cleaned already: its replacement (or its own bytes) goes out in its place.
      await sink.write(cleaned.pixelElement);
      segment = await readSegment();
      if (segment.elements.length === 0 && !segment.bulk) break;
      continue;
    }
    const fate = bulkFate(bulk, privateCreators, job.options);
    if (fate === 'scan') {
      // The output so far is discarded by the caller on a rejection, so the scan may run as it streams.
      const scanner = bulkTextScanner(phi);
      let leaked: string | undefined;
      const scanned = (chunk: Buffer) => {
        leaked ??= scanner.push(chunk);
        return sink.write(chunk);
      };
      await passBulk(r, bulk, syntax, { write: scanned, synchronous: sink.synchronous });
      if (leaked)
        return reject('residual-phi', leakFinding(leaked, `kept bulk text ${describeTag(bulk.tag)}`));
    } else await passBulk(r, bulk, syntax, fate === 'pass' ? sink : undefined);
    parser.countBulkHeader(bulk);
    segment = await readSegment();
    if (segment.elements.length === 0 && !segment.bulk) break;
  }

  const frames = Number.parseInt(first(top, 0x00280008) ?? '1', 10);
  const retained = job.options.retainPatientCharacteristics;
  return {
    attributes: {
      modality: first(top, 0x00080060) || undefined,
      bodyPartExamined: first(top, 0x00180015) || undefined,
      studyDate: isoDate(first(out, 0x00080020)),
      patientToken: ctx.patientToken,
      studyInstanceUid: first(out, 0x0020000d) || undefined,
      seriesInstanceUid: first(out, 0x0020000e) || undefined,
      sopInstanceUid: job.keyring.remapUid(sopInstance),
      numberOfFrames: Number.isFinite(frames) && frames > 0 ? frames : 1,
      transferSyntax: outputSyntaxUid,
      dateOffsetDays: ctx.dateOffsetDays,
      linkage,
      ...(retained
        ? { patientSex: first(out, 0x00100040) || undefined, patientAge: first(out, 0x00101010) || undefined }
        : {}),
    },
    profileVersion: PROFILE_VERSION,
    keyVersion: job.keyring.version,
    bytesOut: sink.bytes,
    sha256: sink.hash?.digest('hex') ?? '',
    ...(cleaned?.provenance ? { pixelCleaning: cleaned.provenance } : {}),
  };
}
