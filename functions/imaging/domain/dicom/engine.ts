/**
 * The DICOM de-identification engine: a streaming header splice. The header part of the dataset is
 * read into memory, de-identified, verified and written; pixel data (native or encapsulated) is piped
 * through byte for byte, never decoded or buffered whole. Output keeps the input's transfer syntax,
 * gains a regenerated file meta group, and is byte-identical for the same input and keys.
 */
import { createHash, type Hash } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { Keyring } from '../../../tokens/domain/keyring.ts';
import { bulkTextScanner } from './bulk-text-scan.ts';
import { ByteReader, type PositionalInput } from './byte-reader.ts';
import { type Dataset, type Element, find, text } from './dataset.ts';
import { isoDate } from './dates.ts';
import { collectPhi, type DeidContext, ENCAPSULATED_DOCUMENT, PATIENT_ID, transform } from './deidentify.ts';
import { encodeDataset } from './encode.ts';
import { describeTag } from './keywords.ts';
import { type BulkHeader, DatasetParser, Input, isPixelLike, NeedMore } from './parse.ts';
import { PhiCollector } from './phi.ts';
import {
  isPrivateGroup,
  isSafePrivate,
  PROFILE_VERSION,
  type ProfileOptions,
  publicAction,
} from './profile.ts';
import { Hold, reject } from './reject.ts';
import { deidentificationElements } from './stamp.ts';
import {
  EXPLICIT_LE,
  encodeHeader,
  ITEM,
  SEQUENCE_END,
  type Syntax,
  syntaxOf,
  TEXT_VR,
  TS,
} from './syntax.ts';
import { leakFinding, verifyOutput } from './verify.ts';

/** Our implementation identity in the regenerated file meta (a 2.25 UID derived from a fixed name). */
export const IMPLEMENTATION_CLASS_UID = '2.25.178532287420731126213924962839114287823';
export const IMPLEMENTATION_VERSION = 'SALUDTECH_DEID1';

/** Sidecar keys that carry identifiers (searched for in the output). */
const SIDECAR_IDENTIFIER = /patient|name|birth|cedula|document|email|phone|mrn|^id$/i;

/** Values small enough to hold in memory; a bigger top-level one is streamed like pixel data. */
const MAX_INLINE_VALUE = 8 * 1024 * 1024;

/** What a center has chosen for its uploads (defaults are the safe, publishing ones). */
export interface IngestPolicy {
  /** Refuse files with no Patient ID in the file or sidecar (`no-patient-identifier`); default false. */
  requirePatientId: boolean;
  /** Modalities at burned-in risk beyond the defaults (US, XA, ES + Secondary Capture SOP classes). */
  extraBurnedInModalities: readonly string[];
  /** Trust BurnedInAnnotation = NO on an at-risk modality (then publish); default false. */
  trustBurnedInAnnotationNo: boolean;
}

export const DEFAULT_INGEST_POLICY: IngestPolicy = {
  requirePatientId: false,
  extraBurnedInModalities: [],
  trustBurnedInAnnotationNo: false,
};

/** Modalities whose pixels usually carry burned-in text (ultrasound, angiography, endoscopy). */
const BURNED_IN_MODALITIES = ['US', 'XA', 'ES'];
/** Secondary Capture SOP classes: screenshots and scans, text in the pixels by nature. */
const SECONDARY_CAPTURE = /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.7(\.[1-4])?$/;

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
}

/**
 * Where output bytes go: a Writable (with backpressure), or a function that must be done with each
 * chunk when it returns (copy it, keep it or write it synchronously): with a positional input, pixel
 * data chunks share one reused buffer. A chunk never changes while the input is a Buffer.
 */
export type DicomOutput = Writable | ((chunk: Buffer) => void);

/** Writes to the output, hashing (when asked) and counting what goes out. */
class Sink {
  readonly hash: Hash | undefined;
  /** A function output consumes each chunk before returning. */
  readonly synchronous: boolean;
  bytes = 0;
  constructor(
    private readonly out: DicomOutput,
    hash: boolean,
  ) {
    this.hash = hash ? createHash('sha256') : undefined;
    this.synchronous = typeof out === 'function';
  }
  write = (chunk: Buffer): Promise<void> | undefined => {
    if (chunk.length === 0) return;
    this.hash?.update(chunk);
    this.bytes += chunk.length;
    if (typeof this.out === 'function') {
      this.out(chunk);
      return;
    }
    if (this.out.write(chunk)) return;
    const out = this.out;
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        out.off('drain', done);
        out.off('error', done);
        if (err) reject(err);
        else resolve();
      };
      out.once('drain', done);
      out.once('error', done);
    });
  };
}

/**
 * Runs a synchronous parse over every buffered byte; when the bytes end too early (`NeedMore`) buffers
 * at least twice as many and parses again, so a header split over many small chunks costs O(n), and
 * a header inside the first chunk (the usual case) is parsed once. Consumes what the parse read.
 */
async function parseBuffered<T>(r: ByteReader, parse: (input: Input) => T): Promise<T> {
  let need = 1;
  for (;;) {
    await r.ensure(need);
    const view = r.view();
    const input = new Input(view, r.ended, r.position);
    try {
      const value = parse(input);
      r.take(input.pos);
      return value;
    } catch (e) {
      if (!(e instanceof NeedMore)) throw e;
      need = Math.max(e.bytes, view.length * 2);
    }
  }
}

interface Meta {
  transferSyntaxUid: string;
  sopClassUid?: string;
  sopInstanceUid?: string;
}

const DICM = Buffer.from('DICM', 'latin1');

/** Reads preamble and file meta, or recognizes a bare dataset (no preamble, no meta). */
async function readStart(r: ByteReader): Promise<Meta> {
  if (!(await r.ensure(8))) return reject('truncated', 'file too short to be DICOM');
  if ((await r.ensure(132)) && r.peek(132).subarray(128, 132).equals(DICM)) r.take(132);
  else if (r.peek(4).equals(DICM)) r.take(4);
  const head = r.peek(8);
  // No meta: a bare dataset, its syntax read off its first element.
  if (head.readUInt16LE(0) !== 0x0002) return { transferSyntaxUid: bareSyntax(head) };
  const parser = new DatasetParser(EXPLICIT_LE, { maxDepth: 1, maxInlineValue: 65536 });
  return parseBuffered(r, (input) => {
    const meta: Meta = { transferSyntaxUid: '' };
    for (;;) {
      if (!input.has(6)) break;
      if (input.buf.readUInt16LE(input.pos) !== 0x0002) break;
      const e = parser.readOne(input);
      if (e.tag === 0x00020010) meta.transferSyntaxUid = text(e) ?? '';
      if (e.tag === 0x00020002) meta.sopClassUid = text(e);
      if (e.tag === 0x00020003) meta.sopInstanceUid = text(e);
    }
    // A meta without (0002,0010): the dataset's first element says which syntax it is in.
    if (!meta.transferSyntaxUid && input.has(8))
      meta.transferSyntaxUid = bareSyntax(input.buf.subarray(input.pos, input.pos + 8));
    if (!meta.transferSyntaxUid) return reject('malformed-dicom', 'file meta has no transfer syntax');
    return meta;
  });
}

/**
 * The syntax of a dataset without a declared one, from its first element header: explicit VR shows as
 * two capital letters after the tag, and a big-endian group reads as a plausible group only swapped.
 */
function bareSyntax(head: Buffer): string {
  if (!/^[A-Z]{2}$/.test(head.toString('latin1', 4, 6))) return TS.implicitLE;
  const bigEndian = head.readUInt16LE(0) > 0xff && head.readUInt16BE(0) <= 0xff;
  return bigEndian ? TS.explicitBE : TS.explicitLE;
}

function encodeMeta(sopClassUid: string, sopInstanceUid: string, transferSyntaxUid: string): Buffer {
  const ui = (tag: number, v: string): Element => ({ tag, vr: 'UI', value: Buffer.from(v, 'latin1') });
  const body = encodeDataset(
    [
      { tag: 0x00020001, vr: 'OB', value: Buffer.from([0, 1]) },
      ui(0x00020002, sopClassUid),
      ui(0x00020003, sopInstanceUid),
      ui(0x00020010, transferSyntaxUid),
      ui(0x00020012, IMPLEMENTATION_CLASS_UID),
      { tag: 0x00020013, vr: 'SH', value: Buffer.from(IMPLEMENTATION_VERSION, 'latin1') },
    ],
    EXPLICIT_LE,
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length);
  return Buffer.concat([
    Buffer.alloc(128),
    DICM,
    encodeHeader(0x00020000, 'UL', 4, EXPLICIT_LE),
    length,
    body,
  ]);
}

/** Pipes a bulk value through (or drops it), re-encoding its header with an even length. */
async function passBulk(
  r: ByteReader,
  bulk: BulkHeader,
  syntax: Syntax,
  sink: Pick<Sink, 'write' | 'synchronous'> | undefined,
): Promise<void> {
  if (bulk.length !== undefined) {
    const odd = bulk.length % 2 === 1;
    await sink?.write(odd ? encodeHeader(bulk.tag, bulk.vr, bulk.length + 1, syntax) : bulk.raw);
    if (!(await r.pipe(bulk.length, sink?.write, sink?.synchronous)))
      return reject('truncated', `stream ends inside ${describeTag(bulk.tag)}`);
    if (odd) await sink?.write(Buffer.from([0]));
    return;
  }
  // Encapsulated: basic offset table item, fragments, sequence delimiter — all passed as they are.
  await sink?.write(bulk.raw);
  for (;;) {
    if (!(await r.ensure(8)))
      return reject('truncated', `stream ends inside encapsulated ${describeTag(bulk.tag)}`);
    const h = r.peek(8);
    const le = syntax.littleEndian;
    const tag =
      ((le ? h.readUInt16LE(0) : h.readUInt16BE(0)) * 0x10000 +
        (le ? h.readUInt16LE(2) : h.readUInt16BE(2))) >>>
      0;
    const length = le ? h.readUInt32LE(4) : h.readUInt32BE(4);
    await sink?.write(r.take(8));
    if (tag === SEQUENCE_END) return;
    if (tag !== ITEM || length === 0xffffffff)
      return reject('malformed-dicom', 'encapsulated pixel data holds a non-item');
    if (!(await r.pipe(length, sink?.write, sink?.synchronous)))
      return reject('truncated', 'stream ends inside a pixel data fragment');
  }
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
  const outputSyntaxUid = deflated ? TS.explicitLE : meta.transferSyntaxUid;
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
  holdBurnedInRisk(top, sopClass, policy);

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

  const sink = new Sink(output, job.hash !== false);
  const metaBytes = encodeMeta(sopClass, job.keyring.remapUid(sopInstance), outputSyntaxUid);
  let pending: Dataset = deidentificationElements(job.options);
  // An identifier that came from the sidecar is recorded as the token, like one found in the file.
  if (!find(top, PATIENT_ID))
    pending.push({ tag: PATIENT_ID, vr: 'LO', value: Buffer.from(ctx.patientToken, 'latin1') });
  let out: Dataset = [];
  let metaWritten = false;
  const privateCreators = top.filter(
    (e) => isPrivateGroup(e.tag) && (e.tag & 0xffff) >= 0x10 && (e.tag & 0xffff) <= 0xff,
  );
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
  };
}

/** DICOM objects that are not about a patient: media directories and shared colour palettes. */
const NOT_PATIENT_IMAGES: Record<string, string> = {
  '1.2.840.10008.1.3.10':
    'a DICOMDIR (media directory) indexes images and holds none: upload the image files',
  '1.2.840.10008.5.1.4.39.1': 'a Color Palette is a shared lookup table, not a patient image',
};

function refuseNonImageClass(sopClass: string): void {
  const detail = NOT_PATIENT_IMAGES[sopClass.trim()];
  if (detail) reject('not-an-image', detail);
}

/**
 * Holds a file whose pixels may carry burned-in text (no pixel cleaning yet): at-risk modalities and
 * Secondary Capture classes unless the center trusts BurnedInAnnotation = NO, and always when it is YES.
 */
function holdBurnedInRisk(top: Dataset, sopClass: string, policy: IngestPolicy): void {
  const annotation = first(top, 0x00280301)?.trim().toUpperCase();
  if (annotation === 'YES') throw new Hold('burned-in-risk', '(0028,0301) BurnedInAnnotation is YES');
  const modality = first(top, 0x00080060)?.trim().toUpperCase();
  const atRiskModality =
    modality !== undefined &&
    (BURNED_IN_MODALITIES.includes(modality) ||
      policy.extraBurnedInModalities.some((m) => m.trim().toUpperCase() === modality));
  const secondaryCapture = SECONDARY_CAPTURE.test(sopClass.trim());
  if (!atRiskModality && !secondaryCapture) return;
  if (policy.trustBurnedInAnnotationNo && annotation === 'NO') return;
  const why = secondaryCapture
    ? `(0008,0016) SOPClassUID ${sopClass.trim()} is a Secondary Capture class`
    : `(0008,0060) Modality ${modality} is at risk of burned-in text`;
  throw new Hold(
    'burned-in-risk',
    `${why} and (0028,0301) BurnedInAnnotation is ${annotation ? annotation : 'absent'}: held for pixel review`,
  );
}

/** The rest of a deflated input, inflated as it streams (zlib's own buffers bound the memory). */
function inflated(r: ByteReader): AsyncIterable<Buffer> {
  async function* rest(): AsyncGenerator<Buffer> {
    while (await r.ensure(1)) {
      const bytes = Buffer.from(r.view());
      r.take(bytes.length);
      yield bytes;
    }
  }
  const inflate = createInflateRaw();
  const source = Readable.from(rest(), { objectMode: false });
  source.on('error', (e) => inflate.destroy(e));
  inflate.on('error', () => source.destroy());
  async function* out(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source.pipe(inflate)) yield chunk as Buffer;
    } catch (e) {
      if (e instanceof Error && 'code' in e && String(e.code).startsWith('Z_'))
        reject('malformed-dicom', 'the deflated dataset does not inflate');
      throw e;
    }
  }
  return out();
}

const memos = new WeakMap<Keyring, Keyring>();
const MEMO_LIMIT = 50_000;

/**
 * The same keyring with its deterministic derivations cached: the files of one study share study,
 * series and frame-of-reference UIDs and one patient, and an HMAC per lookup is most of the CPU time.
 */
function memoized(keyring: Keyring): Keyring {
  const known = memos.get(keyring);
  if (known) return known;
  const cache = new Map<string, string | number>();
  const memo = <T extends string | number>(key: string, make: () => T): T => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit as T;
    if (cache.size >= MEMO_LIMIT) cache.clear();
    const value = make();
    cache.set(key, value);
    return value;
  };
  const wrapped: Keyring = {
    version: keyring.version,
    pseudonym: (field, value, issuer) =>
      memo(`p\0${field}\0${issuer ?? ''}\0${value}`, () => keyring.pseudonym(field, value, issuer)),
    dateOffsetDays: (issuer, patientId) =>
      memo(`d\0${issuer}\0${patientId}`, () => keyring.dateOffsetDays(issuer, patientId)),
    remapUid: (uid) => memo(`u\0${uid}`, () => keyring.remapUid(uid)),
    subkey: (purpose) => keyring.subkey(purpose),
  };
  memos.set(keyring, wrapped);
  return wrapped;
}

/** What happens to a bulk value: piped as it is, dropped, or piped through the kept-text scan. */
type BulkFate = 'pass' | 'drop' | 'scan';

/**
 * Pixel-like bulk values stay when the profile keeps them. Any other bulk value is not verifiable in
 * memory: a kept text value streams through the bulk text scan; an encapsulated document or any other
 * value is removed, or refused `bulk-value-kept` when the options keep it (a safe-listed private value).
 */
function bulkFate(bulk: BulkHeader, creators: Dataset, options: ProfileOptions): BulkFate {
  let kept: boolean;
  if (!isPrivateGroup(bulk.tag)) {
    const action = publicAction(bulk.tag, bulk.vr, options);
    kept = (action === 'keep' || action === 'recurse') && bulk.tag !== ENCAPSULATED_DOCUMENT;
  } else {
    const group = bulk.tag >>> 16;
    const block = (bulk.tag & 0xffff) >>> 8;
    const creator = text(creators.find((e) => e.tag === ((group << 16) | block) >>> 0));
    kept = isSafePrivate(group, creator, bulk.tag & 0xff, options);
  }
  if (!kept) return 'drop';
  if (isPixelLike(bulk.tag)) return 'pass';
  if (TEXT_VR.has(bulk.vr) && bulk.length !== undefined) return 'scan';
  if (!isPrivateGroup(bulk.tag)) return 'drop';
  return reject(
    'bulk-value-kept',
    `private ${describeTag(bulk.tag)} is a bulk ${bulk.vr} value the safe-private list keeps, but it cannot be verified`,
  );
}
