// Typed failures of the raster (JPEG/PNG) metadata strippers; `reason` maps to a quarantine code.

/** Why a raster image could not be made safe. */
export type RasterErrorReason = 'truncated' | 'malformed-jpeg' | 'malformed-png';

/** Thrown by stripJpeg/stripPng; the output written so far must be discarded. */
export class RasterError extends Error {
  override readonly name = 'RasterError';
  constructor(
    readonly reason: RasterErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** What a stripper learnt about the image while copying it. */
export interface RasterInfo {
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  /** Colour components (JPEG: Nf; PNG: channels — 1 grey/palette, 2 grey+alpha, 3 RGB, 4 RGBA). */
  components: number;
}
