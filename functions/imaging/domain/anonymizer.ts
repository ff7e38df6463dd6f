/**
 * The anonymizer library: sniffs an upload's format by content and makes it safe — DICOM through the
 * PS3.15 Annex E engine (header splice, pixel data streamed untouched), JPEG/PNG through the metadata
 * strippers. Used by the storage-triggered function and by the CLI alike.
 */
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { Readable, Writable } from 'node:stream';
import type { Keyring } from '../../tokens/lib/index.ts';
import { POSITIONAL_CHUNK, type PositionalInput } from './dicom/byte-reader.ts';
import { type DicomAttributes, type DicomLimits, type DicomResult, deidentifyDicom } from './dicom/engine.ts';
import type { IngestPolicy } from './dicom/ingest-policy.ts';
import type { ProfileOptions } from './dicom/profile.ts';
import { Hold, type HoldReason, Rejection, type RejectReason } from './dicom/reject.ts';
import { detectFormat, SNIFF_BYTES } from './format/detect-format.ts';
import type { PixelProvenance } from './pixels/clean-pixel-data.ts';
import type { PixelCleaner } from './pixels/pixel-ports.ts';
import type { Box } from './pixels/text-box.ts';
import { RasterError } from './raster/raster-error.ts';
import { stripJpeg } from './raster/strip-jpeg.ts';
import { stripPng } from './raster/strip-png.ts';

export type { PositionalInput } from './dicom/byte-reader.ts';
export type { IngestPolicy } from './dicom/ingest-policy.ts';
export { DEFAULT_INGEST_POLICY } from './dicom/ingest-policy.ts';
export type { ProfileOptions, SafePrivateTag } from './dicom/profile.ts';
export { DEFAULT_OPTIONS, PREVIOUS_PROFILE_VERSION, PROFILE_VERSION } from './dicom/profile.ts';
export type { HoldReason, RejectReason } from './dicom/reject.ts';
export type { PixelProvenance } from './pixels/clean-pixel-data.ts';
export type { DeviceMask, PixelCleaner } from './pixels/pixel-ports.ts';

export interface AnonymizeContext {
  keyring: Keyring;
  /** The center code: scopes patient pseudonyms and date offsets. */
  issuer: string;
  options: ProfileOptions;
  /** Identifiers from the upload's sidecar, used when the file carries none (and searched for in the output). */
  sidecar?: { patientId?: string } & Record<string, unknown>;
  /** Input size, nesting, and header caps (`maxHeaderBytes`, `maxElements`, defaults 64 MiB and 1 M). */
  limits: DicomLimits;
  /** Tests only: strings the residual-PHI verifier must not find in the output header. */
  canaries?: readonly string[];
  /** The center's ingest policy (default DEFAULT_INGEST_POLICY: burned-in risk held, study linkage allowed). */
  policy?: IngestPolicy;
  /**
   * Compute the output's SHA-256 (default true: the cloud handler records it). A caller that never
   * uses the digest (the CLI) turns it off; the outcome's `sha256` is then empty.
   */
  hash?: boolean;
  /**
   * The keyring pinned to a patient (the tokens context's `linkageKeyring`), so a patient keeps token, date
   * offset and UIDs across seed rotations. Without it `keyring` serves every patient.
   */
  keyringForPatient?: (patientId: string) => Promise<Keyring>;
  /** OCR and codecs for Clean Pixel Data; without them images at burned-in risk are held `burned-in-risk`. */
  pixels?: PixelCleaner;
  /** A privacy officer's pixel review of this (held, reprocessed) image: their regions replace the OCR. */
  pixelReview?: { regions: readonly Box[] };
}

/** What the catalogue learns about an anonymized image: no identifier, only tokens and remapped UIDs. */
export type CatalogueAttributes = Partial<
  Omit<DicomAttributes, 'patientToken' | 'sopInstanceUid' | 'numberOfFrames'>
> & {
  patientToken?: string;
  sopInstanceUid?: string;
  numberOfFrames: number;
  /** The patient's date offset in days (DICOM), to shift sidecar dates the same way. Never persist it. */
  dateOffsetDays?: number;
  width?: number;
  height?: number;
};

export type AnonymizeOutcome =
  | {
      status: 'anonymized';
      format: 'dicom' | 'jpeg' | 'png';
      attributes: CatalogueAttributes;
      profileVersion: string;
      keyVersion: number;
      bytesOut: number;
      /** Hex SHA-256 of the output; empty when the context turned hashing off. */
      sha256: string;
      /** Images at burned-in risk: what pixel cleaning examined and filled. */
      pixelCleaning?: PixelProvenance;
    }
  /** Burned-in risk: never published, held for review (the output must be discarded like a rejection's). */
  | { status: 'held'; reason: HoldReason; detail: string; boxes?: readonly Box[] }
  | { status: 'rejected'; reason: RejectReason; detail: string };

const RASTER_PROFILE = 'raster-strip/v1';

/** Hashes and counts what passes to `out`, without ending it when the writer ends. */
class Tap extends Writable {
  readonly hash: Hash | undefined;
  bytes = 0;
  constructor(
    private readonly out: Writable,
    hash: boolean,
  ) {
    super();
    this.hash = hash ? createHash('sha256') : undefined;
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.hash?.update(chunk);
    this.bytes += chunk.length;
    if (this.out.write(chunk)) done();
    else this.out.once('drain', () => done());
  }
}

/** Reads the first bytes for sniffing and gives back a stream that still starts at byte 0. */
async function sniff(
  input: Readable,
  maxBytes: number,
): Promise<{ head: Buffer; stream: AsyncIterable<Buffer> }> {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parts: Buffer[] = [];
  let have = 0;
  let done = false;
  while (have < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    parts.push(chunk);
    have += chunk.length;
  }
  const head = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  async function* rest(): AsyncGenerator<Buffer> {
    let total = head.length;
    if (total > maxBytes) throw new Rejection('too-large', `input exceeds ${maxBytes} bytes`);
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      total += next.value.length;
      if (total > maxBytes) throw new Rejection('too-large', `input exceeds ${maxBytes} bytes`);
      yield next.value;
    }
  }
  return { head, stream: rest() };
}

async function endOutput(output: Writable): Promise<void> {
  if (output.writableFinished) return;
  const finished = once(output, 'finish');
  if (!output.writableEnded) output.end();
  await finished;
}

/**
 * De-identifies one file from `input` into `output` and ends `output` on success.
 * On `rejected`, whatever was written to `output` is NOT safe and must be discarded by the caller
 * (the output may hold a partial or unverified copy); `detail` never contains PHI.
 */
export async function anonymize(
  input: Readable,
  output: Writable,
  ctx: AnonymizeContext,
): Promise<AnonymizeOutcome> {
  try {
    const { head, stream } = await sniff(input, ctx.limits.maxBytes);
    return await dispatch(head, stream, output, ctx);
  } catch (e) {
    input.destroy();
    return rejection(e);
  }
}

/**
 * The same as `anonymize` for an input already in memory (the CLI's small files): identical outcome
 * and output bytes, without streams. The output comes back as chunks (views on `input` among them,
 * for pixel data) to write in one go; on `rejected` there are none.
 */
export async function anonymizeBuffer(
  input: Buffer,
  ctx: AnonymizeContext,
): Promise<{ outcome: AnonymizeOutcome; chunks: Buffer[] }> {
  const chunks: Buffer[] = [];
  try {
    // As a stream of one chunk would: the sniffer sees the whole first chunk.
    const format = input.length === 0 ? undefined : detectFormat(input);
    if (format === 'dicom' || format === 'dicom-raw') {
      const r = await deidentifyDicom(input, (chunk) => chunks.push(chunk), ctx);
      return { outcome: dicomOutcome(r), chunks };
    }
    // Raster stripping and rejections take the streaming path: rare, and their cost is elsewhere.
    const collect = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        done();
      },
    });
    const outcome = await anonymize(Readable.from([input]), collect, ctx);
    return { outcome, chunks: outcome.status === 'anonymized' ? chunks : [] };
  } catch (e) {
    return { outcome: rejection(e), chunks: [] };
  }
}

/**
 * The same as `anonymize` for an input read in place (a local file, through `readAt`), written
 * through `write`, which must be done with each chunk when it returns (pixel data chunks share one
 * reused buffer). On `rejected`, what was written is NOT safe and must be discarded by the caller.
 */
export async function anonymizeFile(
  input: PositionalInput,
  write: (chunk: Buffer) => void,
  ctx: AnonymizeContext,
): Promise<AnonymizeOutcome> {
  try {
    // The sniffer sees what a stream's first chunk would hold.
    const first = Buffer.allocUnsafe(input.chunkBytes ?? POSITIONAL_CHUNK);
    const head = first.subarray(0, input.readAt(first, 0));
    if (head.length > ctx.limits.maxBytes)
      return rejection(new Rejection('too-large', `input exceeds ${ctx.limits.maxBytes} bytes`));
    const format = head.length === 0 ? undefined : detectFormat(head);
    if (format === 'dicom' || format === 'dicom-raw')
      return dicomOutcome(await deidentifyDicom(input, write, ctx));
    const output = new Writable({
      write(chunk: Buffer, _enc, done) {
        write(chunk);
        done();
      },
    });
    return await anonymize(Readable.from(positionalChunks(input)), output, ctx);
  } catch (e) {
    return rejection(e);
  }
}

/** Fresh chunks of a positional input, for the stream-based paths (raster stripping). */
function* positionalChunks(input: PositionalInput): Generator<Buffer> {
  for (let at = 0; ; ) {
    const chunk = Buffer.allocUnsafe(input.chunkBytes ?? POSITIONAL_CHUNK);
    const n = input.readAt(chunk, at);
    if (n === 0) return;
    at += n;
    yield chunk.subarray(0, n);
  }
}

async function dispatch(
  head: Buffer,
  stream: AsyncIterable<Buffer>,
  output: Writable,
  ctx: AnonymizeContext,
): Promise<AnonymizeOutcome> {
  if (head.length === 0) return { status: 'rejected', reason: 'empty-file', detail: 'the file has no bytes' };
  const format = detectFormat(head);
  if (format === 'dicom' || format === 'dicom-raw') {
    const r = await deidentifyDicom(stream, output, ctx);
    await endOutput(output);
    return dicomOutcome(r);
  }
  if (format === 'jpeg' || format === 'png') {
    const tap = new Tap(output, ctx.hash !== false);
    const info = await (format === 'jpeg' ? stripJpeg : stripPng)(
      Readable.from(stream, { objectMode: false }),
      tap,
    );
    await endOutput(output);
    return {
      status: 'anonymized',
      format,
      attributes: { numberOfFrames: 1, width: info.width, height: info.height },
      profileVersion: RASTER_PROFILE,
      keyVersion: ctx.keyring.version,
      bytesOut: tap.bytes,
      sha256: tap.hash?.digest('hex') ?? '',
    };
  }
  return { status: 'rejected', reason: 'not-an-image', detail: 'content is neither DICOM, JPEG nor PNG' };
}

const dicomOutcome = (r: DicomResult): AnonymizeOutcome => ({
  status: 'anonymized',
  format: 'dicom',
  attributes: r.attributes,
  profileVersion: r.profileVersion,
  keyVersion: r.keyVersion,
  bytesOut: r.bytesOut,
  sha256: r.sha256,
  ...(r.pixelCleaning ? { pixelCleaning: r.pixelCleaning } : {}),
});

/** A `Rejection`, `Hold` or raster error as a `rejected`/`held` outcome; anything else is a fault and is rethrown. */
function rejection(e: unknown): AnonymizeOutcome {
  if (e instanceof Rejection) return { status: 'rejected', reason: e.reason, detail: e.detail };
  if (e instanceof Hold)
    return { status: 'held', reason: e.reason, detail: e.detail, ...(e.boxes ? { boxes: e.boxes } : {}) };
  if (e instanceof RasterError) {
    return {
      status: 'rejected',
      reason: e.reason === 'truncated' ? 'truncated' : 'malformed-image',
      detail: e.message,
    };
  }
  throw e;
}
