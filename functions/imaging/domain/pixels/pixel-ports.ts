/** What pixel cleaning needs from outside the domain: an OCR and the compressed-frame codecs. */
import type { Gray8 } from './native-frame.ts';
import type { PixelModule } from './pixel-module.ts';
import type { Box } from './text-box.ts';

export interface FoundWord {
  text: string;
  /** 0–100, as the OCR reports it. */
  confidence: number;
  box: Box;
}

/** Finds words in an 8-bit grey image (loaded once per instance, reused). */
export interface TextFinder {
  find(image: Gray8): Promise<FoundWord[]>;
}

/** Native frames and the module they are in after decoding (colour JPEG decodes to RGB). */
export interface DecodedFrames {
  frames: Buffer[];
  module: PixelModule;
}

/** Decoders and lossless encoders of the compressed transfer syntaxes. */
export interface FrameCodec {
  /** Whether frames in this syntax can be decoded. */
  decodes(transferSyntaxUid: string): boolean;
  /** Decodes each frame (its fragments joined). Throws when the bytes do not decode. */
  decode(transferSyntaxUid: string, frames: readonly Buffer[], m: PixelModule): Promise<DecodedFrames>;
  /** Encodes native frames losslessly in the syntax, or undefined when there is no lossless encoder for it. */
  encode(transferSyntaxUid: string, frames: readonly Buffer[], m: PixelModule): Promise<Buffer[] | undefined>;
}

/** A device's known text layout: regions always masked on its images (like CTP's pixel signatures). */
export interface DeviceMask {
  manufacturer: string;
  model: string;
  rows: number;
  columns: number;
  regions: Box[];
}

/** All pixel cleaning needs; absent from a job, images at burned-in risk are held as before. */
export interface PixelCleaner {
  text: TextFinder;
  codec: FrameCodec;
  masks?: readonly DeviceMask[];
  /** Regions filled on every frame whatever the device (a person's pixel review of this one image). */
  regions?: readonly Box[];
}
