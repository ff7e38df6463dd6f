/**
 * Whether a received instance can go to the platform, decided before the C-STORE response: the data set
 * is well formed (dataset-walk.ts), says the SOP Class and Instance the command announced, has the Study
 * Instance UID STOW-RS needs, and a native image holds as many pixel bytes as its pixel module describes.
 * Refusals carry a C-STORE failure status (PS3.4 Annex B.2.3) and a PHI-free comment.
 */
import type { Walk } from './dataset-walk.ts';
import { NATIVE_TRANSFER_SYNTAXES } from './storage-conformance.ts';

/** C-STORE statuses used by the adapter (PS3.4 Table B.2-1, PS3.7 Annex C). */
export const StoreStatus = {
  success: 0x0000,
  /** A7xx Refused: Out of Resources (the spool is full, or the instance is over the size limit). */
  outOfResources: 0xa700,
  /** A900 Error: Data Set does not match SOP Class (identifying attributes missing or contradicting). */
  dataSetDoesNotMatchSopClass: 0xa900,
  /** C000 Error: Cannot understand (the data set is malformed). */
  cannotUnderstand: 0xc000,
  /** 0110 Processing failure (the spool write failed). */
  processingFailure: 0x0110,
} as const;

export type Verdict = { ok: true; studyInstanceUid: string } | { ok: false; status: number; comment: string };

export interface Announced {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
}

const refuse = (status: number, comment: string): Verdict => ({ ok: false, status, comment });

/** Bytes a native image needs: rows × columns × samples × frames × bits allocated, rounded up to bytes. */
export function expectedPixelBytes(f: {
  rows: number;
  columns: number;
  samplesPerPixel?: number;
  bitsAllocated: number;
  numberOfFrames?: number;
}): number {
  const bits = f.rows * f.columns * (f.samplesPerPixel ?? 1) * (f.numberOfFrames ?? 1) * f.bitsAllocated;
  return Math.ceil(bits / 8);
}

export function judgeInstance(walk: Walk, announced: Announced): Verdict {
  if (!walk.ok) return refuse(StoreStatus.cannotUnderstand, `malformed data set: ${walk.why}`);
  const f = walk.facts;
  if (!f.sopClassUid || !f.sopInstanceUid)
    return refuse(StoreStatus.dataSetDoesNotMatchSopClass, 'SOP Class or SOP Instance UID missing');
  if (f.sopClassUid !== announced.sopClassUid)
    return refuse(
      StoreStatus.dataSetDoesNotMatchSopClass,
      'the data set has another SOP Class than the request',
    );
  if (f.sopInstanceUid !== announced.sopInstanceUid)
    return refuse(
      StoreStatus.dataSetDoesNotMatchSopClass,
      'the data set has another SOP Instance than the request',
    );
  if (!f.studyInstanceUid)
    return refuse(StoreStatus.dataSetDoesNotMatchSopClass, 'Study Instance UID (0020,000D) missing');
  if (
    NATIVE_TRANSFER_SYNTAXES.has(announced.transferSyntaxUid) &&
    f.nativePixelBytes !== undefined &&
    f.rows !== undefined &&
    f.columns !== undefined &&
    f.bitsAllocated !== undefined
  ) {
    const needed = expectedPixelBytes({
      ...f,
      rows: f.rows,
      columns: f.columns,
      bitsAllocated: f.bitsAllocated,
    });
    if (f.nativePixelBytes < needed)
      return refuse(
        StoreStatus.cannotUnderstand,
        `Pixel Data holds ${f.nativePixelBytes} bytes; the pixel module needs ${needed}`,
      );
  }
  if (f.encapsulatedPixelData && NATIVE_TRANSFER_SYNTAXES.has(announced.transferSyntaxUid))
    return refuse(StoreStatus.cannotUnderstand, 'encapsulated Pixel Data in a native transfer syntax');
  return { ok: true, studyInstanceUid: f.studyInstanceUid };
}
