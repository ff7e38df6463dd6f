/** Why an input cannot be made safe: stable codes for quarantine metadata, events and the CLI report. */
import type { Box } from '../pixels/text-box.ts';
export type RejectReason =
  | 'not-an-image'
  | 'empty-file'
  | 'too-large'
  | 'truncated'
  | 'malformed-dicom'
  | 'length-field-lies'
  | 'nesting-too-deep'
  | 'no-patient-identifier'
  | 'unsupported-transfer-syntax'
  | 'malformed-image'
  | 'residual-phi'
  /** More non-pixel bytes or elements than the job's caps: refused before it costs memory. */
  | 'header-too-large'
  /** A bulk non-pixel value the options keep but that cannot be verified. */
  | 'bulk-value-kept';

/** Why an input is held for human review rather than published or refused. */
export type HoldReason =
  /** At burned-in risk and no pixel cleaner in the job: a person looks at the pixels. */
  | 'burned-in-risk'
  /** Pixel cleaning could not examine or clear the pixels (decode failure, no codec, text left). */
  | 'pixel-review';

/** Thrown inside the engine and turned into a `rejected` outcome at its edge. `detail` never holds PHI. */
export class Rejection extends Error {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** Thrown when a file must be held for review (never published, never a plain rejection). */
export class Hold extends Error {
  constructor(
    readonly reason: HoldReason,
    readonly detail: string,
    /** Where the OCR found text (filled, and left after filling), for the reviewer to see on the frame. */
    readonly boxes?: readonly Box[],
  ) {
    super(`${reason}: ${detail}`);
  }
}

export const reject = (reason: RejectReason, detail: string): never => {
  throw new Rejection(reason, detail);
};
