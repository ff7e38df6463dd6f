/**
 * The anonymizer's output, streamed straight into the anonymized bucket through a resumable upload with
 * a generation precondition: no RAM or disk spool. The object is finalized only by `commit()`, after the
 * outcome is known; `abort()` destroys the session, so a refusal mid-stream leaves no object.
 */
import { Writable } from 'node:stream';
import { anonymizedObjectName, type ImageFormat } from '../domain/catalogue.ts';
import { detectFormat, SNIFF_BYTES } from '../domain/format/detect-format.ts';
import { bucket, isNotFound } from './buckets.ts';

const CONTENT_TYPES = { dicom: 'application/dicom', jpeg: 'image/jpeg', png: 'image/png' } as const;

/** Bytes the client sends per resumable request: bounds its buffer (a multiple of 256 KiB). */
export const UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;

export interface UploadTarget {
  centerCode: string;
  imageId: string;
  /** Custom metadata of the object (ids and versions only). */
  metadata: Record<string, string>;
}

/** The format of an output from its first bytes (a bare dataset comes out as Part 10 DICOM). */
function outputFormat(head: Buffer): ImageFormat {
  const f = detectFormat(head);
  if (f === 'dicom' || f === 'dicom-raw') return 'dicom';
  if (f === 'jpeg' || f === 'png') return f;
  throw new Error('anonymizer output of unknown format');
}

/**
 * The generation the upload must replace: 0 (create only) unless an earlier attempt of this image left
 * its object (a crash before the record); a concurrent writer then fails the precondition (412).
 */
async function currentGeneration(name: string): Promise<number> {
  try {
    const [meta] = await bucket('anonymized').file(name).getMetadata();
    return Number(meta.generation);
  } catch (e) {
    if (isNotFound(e)) return 0;
    throw e;
  }
}

export class AnonymizedUpload extends Writable {
  private head: Buffer[] = [];
  private headBytes = 0;
  private sink: Writable | undefined;
  private failure: Error | undefined;
  /** The resumable session URI (a capability), to cancel the session on abort. */
  private sessionUri: string | undefined;
  /** The object name, known once the output's format is (after its first bytes). */
  name: string | undefined;

  constructor(private readonly target: UploadTarget) {
    super();
  }

  /** Opens the resumable session once the output's first bytes tell its format. */
  private async open(): Promise<void> {
    const head = Buffer.concat(this.head);
    this.head = [];
    const format = outputFormat(head);
    const name = anonymizedObjectName(this.target.centerCode, this.target.imageId, format);
    const ifGenerationMatch = await currentGeneration(name);
    this.name = name;
    const sink = bucket('anonymized')
      .file(name)
      .createWriteStream({
        resumable: true,
        chunkSize: UPLOAD_CHUNK_BYTES,
        preconditionOpts: { ifGenerationMatch },
        metadata: { contentType: CONTENT_TYPES[format], metadata: this.target.metadata },
      });
    sink.on('error', (e) => {
      this.failure ??= e;
    });
    sink.on('uri', (uri: string) => {
      this.sessionUri = uri;
    });
    this.sink = sink;
    await this.send(head);
  }

  private send(chunk: Buffer): Promise<void> {
    const sink = this.sink as Writable;
    if (this.failure) return Promise.reject(this.failure);
    if (sink.write(chunk)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const drained = () => {
        sink.off('error', failed);
        resolve();
      };
      const failed = (e: Error) => {
        sink.off('drain', drained);
        reject(e);
      };
      sink.once('drain', drained);
      sink.once('error', failed);
    });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    if (this.sink) {
      this.send(chunk).then(() => done(), done);
      return;
    }
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < SNIFF_BYTES) done();
    else this.open().then(() => done(), done);
  }

  /** The anonymizer ends its output on success; the object still waits for `commit()`. */
  override _final(done: (e?: Error | null) => void): void {
    if (this.sink || this.headBytes === 0) done();
    else this.open().then(() => done(), done);
  }

  /** Finalizes the object (the outcome is `anonymized`); returns its name. */
  async commit(): Promise<string> {
    const sink = this.sink;
    if (!sink || !this.name) throw new Error('no output to commit');
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve, reject) => {
      sink.once('error', reject);
      sink.once('finish', () => resolve());
      sink.end();
    });
    return this.name;
  }

  /**
   * Abandons the upload: the stream is destroyed before its last byte, so no object is finalized, and the
   * session is cancelled (DELETE on its URI) so the bytes already sent are dropped now, not at expiry.
   */
  async abort(): Promise<void> {
    this.sink?.on('error', () => undefined);
    this.sink?.destroy(new Error('anonymized upload aborted'));
    this.destroy();
    if (!this.sessionUri) return;
    try {
      await (await fetch(this.sessionUri, { method: 'DELETE' })).arrayBuffer();
    } catch {
      // Best effort: an uncancelled session holds no object and expires on its own.
    }
  }
}
