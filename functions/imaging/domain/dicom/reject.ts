/** Why an input cannot be made safe: stable codes for quarantine metadata, events and the CLI report. */
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
  | 'burned-in-risk'
  | 'residual-phi';

/** Thrown inside the engine and turned into a `rejected` outcome at its edge. `detail` never holds PHI. */
export class Rejection extends Error {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export const reject = (reason: RejectReason, detail: string): never => {
  throw new Rejection(reason, detail);
};

/** Tag as `(gggg,eeee)` for details and logs: tags are not PHI. */
export const tagText = (tag: number) =>
  `(${(tag >>> 16).toString(16).padStart(4, '0')},${(tag & 0xffff).toString(16).padStart(4, '0')})`;
