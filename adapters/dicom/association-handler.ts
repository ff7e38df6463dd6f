/**
 * One DICOM association (a dcmjs-dimse Scp over one socket): it becomes one upload.
 *
 * - A-ASSOCIATE: the called AE must be ours and the calling AE on a center's allow-list, else rejected
 *   (permanent, "calling/called AE not recognized"); contexts are negotiated by presentation-contexts.ts.
 * - C-ECHO: success.
 * - C-STORE: the data set streams into the spool (spool-writer.ts); once it is complete it is checked
 *   (dataset-walk.ts, instance-check.ts) and committed — fsync'd file and journal line — and only then is
 *   Success sent. Spool full or instance too large: A700; malformed: C000; not matching its command: A900;
 *   a disk error: 0110. A refusal concerns that instance only; the association goes on.
 * - Release, abort or a dropped connection: the upload is closed in the spool (the forwarder finishes it).
 */
import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { association, requests, responses } from 'dcmjs-dimse';
import type { AdapterConfig, CenterConfig } from './adapter-config.ts';
import type { AdapterLogger } from './adapter-logger.ts';
import type { AdapterMetrics } from './adapter-metrics.ts';
import { type ByteSource, walkDataset } from './dataset-walk.ts';
import type { DiskSpool } from './disk-spool.ts';
import { judgeInstance, StoreStatus } from './instance-check.ts';
import { part10Header } from './part10-meta.ts';
import { decideContext } from './presentation-contexts.ts';
import type { SpoolWriter } from './spool-writer.ts';

type Dimse = typeof import('dcmjs-dimse');
export const dimse = createRequire(import.meta.url)('dcmjs-dimse') as Dimse;
const { Scp, Dataset } = dimse;
const { CEchoResponse, CStoreResponse } = dimse.responses;
const { PresentationContextResult, RejectResult, RejectSource, RejectReason } = dimse.constants;

export interface AssociationDeps {
  config: AdapterConfig;
  spool: DiskSpool;
  centerFor(callingAeTitle: string): CenterConfig | undefined;
  metrics: AdapterMetrics;
  log: AdapterLogger;
  /** Called once when the association is over (for the active-associations gauge). */
  onEnd(): void;
}

interface Receiving {
  seq: number;
  writer: SpoolWriter;
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

const RESULT = {
  accept: PresentationContextResult.Accept,
  'abstract-syntax-not-supported': PresentationContextResult.RejectAbstractSyntaxNotSupported,
  'transfer-syntaxes-not-supported': PresentationContextResult.RejectTransferSyntaxesNotSupported,
} as const;

const hex = (status: number) => status.toString(16).padStart(4, '0');

/** Positional reads of a spool file, for the structural walk. */
async function withFileSource<T>(path: string, fn: (src: ByteSource) => Promise<T>): Promise<T> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    return await fn({
      size,
      read: async (offset, length) => {
        const b = Buffer.alloc(length);
        const { bytesRead } = await fh.read(b, 0, length, offset);
        return b.subarray(0, bytesRead);
      },
    });
  } finally {
    await fh.close();
  }
}

export class AssociationHandler extends Scp {
  private uploadId: string | undefined;
  private callingAe = '';
  private log: AdapterLogger;
  private readonly started = Date.now();
  private readonly receiving = new Map<object, Receiving>();
  private readonly storing = new Set<Promise<void>>();
  private stored = 0;
  private storedBytes = 0;
  private echoes = 0;
  private readonly refused = new Map<string, number>();
  private ended = false;
  private released = false;

  constructor(
    private readonly sock: Socket,
    private readonly deps: AssociationDeps,
  ) {
    super(sock, { associationTimeout: 60_000, pduTimeout: 120_000, connectTimeout: 10 * 60_000 });
    (this as unknown as { connected: boolean }).connected = true;
    this.log = deps.log;
    this.on('close', () => void this.end(this.released ? 'released' : 'connection-closed'));
    this.on('networkError', (e: Error) => {
      this.deps.log.debug('association network error', { error: e.name });
      this.sock.destroy();
    });
  }

  override associationRequested(a: association.Association): void {
    const called = a.getCalledAeTitle().trim();
    this.callingAe = a.getCallingAeTitle().trim();
    const peer = this.sock.remoteAddress ?? '';
    this.log = this.deps.log.with({ callingAe: this.callingAe, calledAe: called });
    if (called !== this.deps.config.aeTitle) {
      this.deps.metrics.inc('dicom_adapter_associations_total', { outcome: 'rejected-called-ae' });
      this.log.warn('association rejected: called AE title is not ours', { peer });
      this.sendAssociationReject(
        RejectResult.Permanent,
        RejectSource.ServiceUser,
        RejectReason.CalledAeNotRecognized,
      );
      return;
    }
    const center = this.deps.centerFor(this.callingAe);
    if (!center) {
      this.deps.metrics.inc('dicom_adapter_associations_total', { outcome: 'rejected-calling-ae' });
      this.log.warn('association rejected: calling AE title is on no center allow-list', { peer });
      this.sendAssociationReject(
        RejectResult.Permanent,
        RejectSource.ServiceUser,
        RejectReason.CallingAeNotRecognized,
      );
      return;
    }
    let accepted = 0;
    for (const { id, context } of a.getPresentationContexts()) {
      const d = decideContext({
        id,
        abstractSyntax: context.getAbstractSyntaxUid(),
        transferSyntaxes: context.getTransferSyntaxUids(),
      });
      if (d.result === 'accept') {
        context.setResult(RESULT.accept, d.transferSyntax);
        accepted++;
      } else context.setResult(RESULT[d.result]);
    }
    a.setMaxPduLength(this.deps.config.maxPduLength);
    this.uploadId = randomUUID();
    this.deps.spool.openUpload({
      uploadId: this.uploadId,
      centerCode: center.code,
      callingAeTitle: this.callingAe,
      openedAt: new Date().toISOString(),
    });
    this.log = this.deps.log.with(
      { callingAe: this.callingAe, calledAe: called, center: center.code },
      { id: this.uploadId },
    );
    this.deps.metrics.inc('dicom_adapter_associations_total', { outcome: 'accepted' });
    this.log.operation('INFO', 'association accepted', 'first', {
      uploadId: this.uploadId,
      peer,
      tls: 'encrypted' in this.sock,
      contexts: a.getPresentationContexts().length,
      acceptedContexts: accepted,
    });
    this.sendAssociationAccept();
  }

  override associationReleaseRequested(): void {
    this.released = true;
    this.sendAssociationReleaseResponse();
  }

  override abort(): void {
    void this.end('aborted');
  }

  override cEchoRequest(
    request: requests.CEchoRequest,
    callback: (r: responses.CEchoResponse) => void,
  ): void {
    this.echoes++;
    this.deps.metrics.inc('dicom_adapter_echo_total');
    const rsp = CEchoResponse.fromRequest(request);
    rsp.setStatus(StoreStatus.success);
    callback(rsp);
  }

  override createStoreWritableStream(pc: association.PresentationContext, request: requests.CStoreRequest) {
    const r = {
      transferSyntaxUid: pc.getAcceptedTransferSyntaxUid() ?? '',
      sopClassUid: request.getAffectedSopClassUid(),
      sopInstanceUid: request.getAffectedSopInstanceUid(),
    };
    const header = part10Header({ ...r, sourceAeTitle: this.callingAe });
    const { seq, writer } = this.deps.spool.beginInstance(this.uploadId as string, header, {
      maxInstanceBytes: this.deps.config.forward.maxInstanceBytes,
      flow: { pause: () => this.sock.pause(), resume: () => this.sock.resume() },
    });
    this.receiving.set(request, { seq, writer, ...r });
    return writer;
  }

  override createDatasetFromStoreWritableStream(
    _writable: unknown,
    _pc: association.PresentationContext,
    callback: (dataset: InstanceType<typeof Dataset>) => void,
  ): void {
    // The data set stays on disk; cStoreRequest waits for the writer. An empty Dataset satisfies dcmjs-dimse.
    callback(new Dataset({}));
  }

  override cStoreRequest(
    request: requests.CStoreRequest,
    callback: (r: responses.CStoreResponse) => void,
  ): void {
    const run = this.store(request).then(({ status, comment }) => {
      const key = hex(status);
      this.deps.metrics.inc('dicom_adapter_cstore_total', { status: key });
      if (status !== StoreStatus.success) {
        this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
        this.log.warn('c-store refused', { uploadId: this.uploadId, status: key, comment });
      }
      if (this.ended) return;
      const rsp = CStoreResponse.fromRequest(request);
      rsp.setStatus(status);
      if (comment) rsp.setErrorComment(comment.slice(0, 64));
      callback(rsp);
    });
    this.storing.add(run);
    void run.finally(() => this.storing.delete(run));
  }

  private async store(request: object): Promise<{ status: number; comment?: string }> {
    const r = this.receiving.get(request);
    this.receiving.delete(request);
    if (!r) return { status: StoreStatus.processingFailure, comment: 'no data set received' };
    const out = await r.writer.outcome();
    if (out.outcome !== 'written') {
      if (out.outcome === 'spool-full')
        return { status: StoreStatus.outOfResources, comment: 'adapter spool is full' };
      if (out.outcome === 'too-large')
        return {
          status: StoreStatus.outOfResources,
          comment: `instance over ${this.deps.config.forward.maxInstanceBytes} bytes`,
        };
      return { status: StoreStatus.processingFailure, comment: 'spool write failed' };
    }
    const written = { path: out.path, bytes: out.bytes, reserved: r.writer.reservedBytes };
    try {
      const walk = await withFileSource(out.path, (src) =>
        walkDataset(src, out.headerBytes, r.transferSyntaxUid),
      );
      const verdict = judgeInstance(walk, r);
      if (!verdict.ok || this.ended) {
        await this.deps.spool.discard(written);
        return verdict.ok
          ? { status: StoreStatus.processingFailure, comment: 'association ended' }
          : { status: verdict.status, comment: verdict.comment };
      }
      await this.deps.spool.commit(this.uploadId as string, r.seq, written, r);
    } catch (e) {
      this.log.error('spool commit failed', { uploadId: this.uploadId, error: (e as Error).name });
      return { status: StoreStatus.processingFailure, comment: 'spool write failed' };
    }
    this.stored++;
    this.storedBytes += out.bytes;
    this.deps.metrics.inc('dicom_adapter_received_bytes_total', undefined, out.bytes);
    return { status: StoreStatus.success };
  }

  private async end(how: 'released' | 'aborted' | 'connection-closed'): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    for (const r of this.receiving.values()) await r.writer.abandon();
    this.receiving.clear();
    await Promise.all([...this.storing]);
    if (this.uploadId) {
      this.log.info('association ended', {
        uploadId: this.uploadId,
        how,
        stored: this.stored,
        storedBytes: this.storedBytes,
        refused: [...this.refused.values()].reduce((a, b) => a + b, 0),
        refusedByStatus: [...this.refused].map(([s, n]) => `${s}:${n}`).join(','),
        echoes: this.echoes,
        durationMs: Date.now() - this.started,
      });
      await this.deps.spool.closeUpload(this.uploadId).catch((e: Error) =>
        this.log.error('closing the upload in the spool failed', {
          uploadId: this.uploadId,
          error: e.name,
        }),
      );
    }
    this.deps.onEnd();
  }
}
