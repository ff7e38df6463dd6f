/**
 * What happens to one finalized ingest object, decided from facts the handler gathered (pure: no I/O).
 * Expected failures are reason codes; only transient faults throw, in the adapters.
 */
import type { ImageSidecar } from '../../../schemas/imaging/v1/sidecar.ts';
import type { SidecarResult } from './sidecar.ts';
import type { UploadPath } from './upload-path.ts';

/** Reasons decided here; the anonymizer adds its own (`not-an-image`, `truncated`, `residual-phi`, …). */
export type IntakeRejection =
  | 'outside-prefix'
  | 'unregistered-center'
  | 'empty-file'
  | 'too-large'
  | 'invalid-sidecar'
  | 'late-sidecar'
  | 'timeout';

export interface RegisteredCenter {
  centerId: string;
  code: string;
}

export interface IngestFacts {
  path: UploadPath;
  size: number;
  maxBytes: number;
  /** Undefined when the path's center code is not (yet) registered. */
  center?: RegisteredCenter;
  /** Undefined when there is no sidecar at all. */
  sidecar?: SidecarResult;
}

export type IngestDecision =
  | { action: 'reject'; reason: IntakeRejection; detail: string }
  | {
      action: 'anonymize';
      center: RegisteredCenter;
      uploadId: string;
      sidecar?: ImageSidecar;
    };

const reject = (reason: IntakeRejection, detail: string): IngestDecision => ({
  action: 'reject',
  reason,
  detail,
});

/** Decides whether an image object may go to the anonymizer, or why it goes to quarantine. */
export function decideIngest(f: IngestFacts): IngestDecision {
  if (f.path.kind !== 'image')
    return reject('outside-prefix', 'not an image under centers/{code}/{uploadId}/');
  if (!f.center || f.center.code !== f.path.centerCode)
    return reject('unregistered-center', 'the center code in the path is not registered');
  if (f.size === 0) return reject('empty-file', 'zero-byte object');
  if (f.size > f.maxBytes) return reject('too-large', `over the ${f.maxBytes}-byte limit`);
  if (f.sidecar && !f.sidecar.ok)
    return reject('invalid-sidecar', `invalid sidecar fields: ${f.sidecar.fields.join(', ')}`);
  return {
    action: 'anonymize',
    center: f.center,
    uploadId: f.path.uploadId,
    ...(f.sidecar?.ok ? { sidecar: f.sidecar.sidecar } : {}),
  };
}

export type SidecarDecision =
  | { action: 'wait' }
  | { action: 'reject'; reason: 'late-sidecar'; detail: string };

/**
 * A sidecar is read when its image is processed, so on its own arrival it waits, unless its image was
 * already processed: then it arrived too late to be used and goes to quarantine rather than linger.
 */
export function decideSidecar(f: { imageAlreadyProcessed: boolean }): SidecarDecision {
  return f.imageAlreadyProcessed
    ? { action: 'reject', reason: 'late-sidecar', detail: 'its image was processed before it arrived' }
    : { action: 'wait' };
}
