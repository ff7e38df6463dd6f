/**
 * The DICOM de-identification engine: a streaming header splice. The header part of the dataset is
 * read into memory, de-identified, verified and written; pixel data (native or encapsulated) is piped
 * through byte for byte, never decoded or buffered whole. Output keeps the input's transfer syntax,
 * gains a regenerated file meta group, and is byte-identical for the same input and keys.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import type { Keyring } from '../../../tokens/domain/keyring.ts';
import { ByteReader, type PositionalInput } from './byte-reader.ts';
import { type Dataset, type Element, find, text } from './dataset.ts';
import { isoDate } from './dates.ts';
import { collectPhi, type DeidContext, PATIENT_ID, transform } from './deidentify.ts';
import { encodeDataset } from './encode.ts';
import { type BulkHeader, DatasetParser, Input, NeedMore } from './parse.ts';
import { PhiCollector } from './phi.ts';
import {
  isPrivateGroup,
  isSafePrivate,
  PROFILE_VERSION,
  type ProfileOptions,
  publicAction,
} from './profile.ts';
import { reject, tagText } from './reject.ts';
import { deidentificationElements } from './stamp.ts';
import { EXPLICIT_LE, encodeHeader, ITEM, SEQUENCE_END, type Syntax, syntaxOf, TS } from './syntax.ts';
import { verifyOutput } from './verify.ts';

/** Our implementation identity in the regenerated file meta (a 2.25 UID derived from a fixed name). */
export const IMPLEMENTATION_CLASS_UID = '2.25.178532287420731126213924962839114287823';
export const IMPLEMENTATION_VERSION = 'SALUDTECH_DEID1';

/** Sidecar keys that carry identifiers (searched for in the output). */
const SIDECAR_IDENTIFIER = /patient|name|birth|cedula|document|email|phone|mrn|^id$/i;

/** Values small enough to hold in memory; a bigger top-level one is streamed like pixel data. */
const MAX_INLINE_VALUE = 8 * 1024 * 1024;

export interface DicomJob {
  keyring: Keyring;
  issuer: string;
  options: ProfileOptions;
  sidecar?: Record<string, unknown> & { patientId?: string };
  limits: { maxBytes: number; maxDepth: number };
  /** Tests only: strings the verifier must not find. */
  canaries?: readonly string[];
  /** Modalities (US, SC, XA, …) quarantined as `burned-in-risk` since no clean-pixel rule exists for them. */
  burnedInRiskModalities?: readonly string[];
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
  if (head.readUInt16LE(0) !== 0x0002) {
    // No meta: a bare dataset. Explicit VR shows as two capital letters after the tag.
    const explicit = /^[A-Z]{2}$/.test(head.toString('latin1', 4, 6));
    return { transferSyntaxUid: explicit ? TS.explicitLE : TS.implicitLE };
  }
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
    if (!meta.transferSyntaxUid) return reject('malformed-dicom', 'file meta has no transfer syntax');
    return meta;
  });
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
  sink: Sink | undefined,
): Promise<void> {
  if (bulk.length !== undefined) {
    const odd = bulk.length % 2 === 1;
    await sink?.write(odd ? encodeHeader(bulk.tag, bulk.vr, bulk.length + 1, syntax) : bulk.raw);
    if (!(await r.pipe(bulk.length, sink?.write, sink?.synchronous)))
      return reject('truncated', `stream ends inside ${tagText(bulk.tag)}`);
    if (odd) await sink?.write(Buffer.from([0]));
    return;
  }
  // Encapsulated: basic offset table item, fragments, sequence delimiter — all passed as they are.
  await sink?.write(bulk.raw);
  for (;;) {
    if (!(await r.ensure(8)))
      return reject('truncated', `stream ends inside encapsulated ${tagText(bulk.tag)}`);
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
  const r = new ByteReader(input, job.limits.maxBytes);
  const meta = await readStart(r);
  const syntax = syntaxOf(meta.transferSyntaxUid);
  const parser = new DatasetParser(syntax, {
    maxDepth: job.limits.maxDepth,
    maxInlineValue: MAX_INLINE_VALUE,
  });
  const readSegment = () => parseBuffered(r, (i) => parser.readSegment(i));
  let segment = await readSegment();
  const top = segment.elements;
  if (top.length === 0) return reject('malformed-dicom', 'the dataset has no elements before its pixel data');

  // Burned-in text cannot be removed by a header splice: no pixel masking yet, so such files are quarantined.
  if (first(top, 0x00280301)?.toUpperCase() === 'YES')
    return reject('burned-in-risk', 'BurnedInAnnotation is YES');
  const modality = first(top, 0x00080060)?.toUpperCase();
  if (modality && job.burnedInRiskModalities?.includes(modality)) {
    return reject('burned-in-risk', `modality ${modality} is configured as at risk of burned-in text`);
  }
  const patientId = first(top, PATIENT_ID) || job.sidecar?.patientId?.trim();
  if (!patientId) return reject('no-patient-identifier', 'no Patient ID in the file or the sidecar');
  const phi = new PhiCollector();
  // Sidecar identifiers must not surface in the output; its clinical free text is not an identifier.
  for (const [k, v] of Object.entries(job.sidecar ?? {}))
    if (typeof v === 'string' && SIDECAR_IDENTIFIER.test(k)) phi.addNeedle(v);
  phi.addNeedle(patientId);
  // Linkage: the patient's pinned keyring, so the same patient keeps token, offset and UIDs across rotations.
  if (job.keyringForPatient) job.keyring = memoized(await job.keyringForPatient(patientId));
  const ctx: DeidContext = {
    options: job.options,
    keyring: job.keyring,
    patientToken: job.keyring.pseudonym('patient_id', patientId, job.issuer),
    dateOffsetDays: job.keyring.dateOffsetDays(job.issuer, patientId),
    phi,
  };
  const sopInstance = first(top, 0x00080018) || meta.sopInstanceUid;
  const sopClass = first(top, 0x00080016) || meta.sopClassUid;
  if (!sopInstance || !sopClass)
    return reject('malformed-dicom', 'no SOP Class/Instance UID in the dataset or file meta');

  const sink = new Sink(output, job.hash !== false);
  const metaBytes = encodeMeta(sopClass, job.keyring.remapUid(sopInstance), meta.transferSyntaxUid);
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
    await passBulk(r, bulk, syntax, keepBulk(bulk, privateCreators, job.options) ? sink : undefined);
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
      transferSyntax: meta.transferSyntaxUid,
      dateOffsetDays: ctx.dateOffsetDays,
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

/** Pixel data and other public bulk values stay; a bulk private value stays only if allow-listed. */
function keepBulk(bulk: BulkHeader, creators: Dataset, options: ProfileOptions): boolean {
  if (!isPrivateGroup(bulk.tag)) {
    const action = publicAction(bulk.tag, bulk.vr, options);
    return action === 'keep' || action === 'recurse';
  }
  const group = bulk.tag >>> 16;
  const block = (bulk.tag & 0xffff) >>> 8;
  const creator = text(creators.find((e) => e.tag === ((group << 16) | block) >>> 0));
  return isSafePrivate(group, creator, bulk.tag & 0xff, options);
}
