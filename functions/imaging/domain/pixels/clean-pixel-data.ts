/**
 * Pixel cleaning of one image at burned-in risk: its pixel data decoded into native frames, cleaned
 * (clean-frames.ts), and written back — in the input syntax when it is native or a lossless codec can
 * re-encode it, else as Explicit VR Little Endian native. Anything that cannot be examined is held for
 * review (`pixel-review`) with a PHI-free detail; it is never published unexamined.
 */
import { type Dataset, find, text } from '../dicom/dataset.ts';
import { Hold } from '../dicom/reject.ts';
import { TS } from '../dicom/syntax.ts';
import { cleanFrames } from './clean-frames.ts';
import { encapsulate, framesOf } from './encapsulated-frames.ts';
import { VIEWABLE } from './native-frame.ts';
import { frameBytes, type PixelModule, pixelModuleOf } from './pixel-module.ts';
import type { DeviceMask, PixelCleaner } from './pixel-ports.ts';
import type { Box } from './text-box.ts';

/** Native syntaxes: frames are the value itself. */
const NATIVE = new Set<string>([TS.implicitLE, TS.explicitLE, TS.explicitBE, TS.deflatedLE]);
/** Lossless compressed syntaxes: redacted frames are re-encoded in them (RLE, JPEG lossless, JPEG-LS, J2K). */
export const LOSSLESS = new Set([
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.90',
]);

/** What was done to the pixels, for the image's provenance record. */
export interface PixelProvenance {
  /** Frames the OCR read (1-based count of them) out of all frames. */
  examinedFrames: number;
  frames: number;
  /** Boxes filled on every frame (text found and device mask regions). */
  boxes: Box[];
  /** `input-syntax`: written as it came or re-encoded losslessly in it; `explicit-le-native`: decoded for good. */
  encoding: 'input-syntax' | 'explicit-le-native';
}

export type PixelOutcome =
  | { kind: 'unchanged'; provenance: PixelProvenance }
  | {
      kind: 'replaced';
      value: Buffer;
      encapsulated: boolean;
      transferSyntaxUid: string;
      /** Set when the written frames are in another form than the input's (decoded colour JPEG is RGB). */
      module: PixelModule;
      provenance: PixelProvenance;
    };

const review = (detail: string, boxes?: readonly Box[]): never => {
  throw new Hold('pixel-review', detail, boxes);
};

const even = (b: Buffer) => (b.length % 2 === 1 ? Buffer.concat([b, Buffer.from([0])]) : b);

/** The mask regions an admin configured for this device layout. */
export function maskRegions(ds: Dataset, m: PixelModule, masks: readonly DeviceMask[] = []): Box[] {
  const manufacturer = text(find(ds, 0x00080070)) ?? '';
  const model = text(find(ds, 0x00081090)) ?? '';
  return masks
    .filter(
      (d) =>
        d.manufacturer === manufacturer && d.model === model && d.rows === m.rows && d.columns === m.columns,
    )
    .flatMap((d) => d.regions);
}

async function nativeFramesOf(
  value: Buffer,
  transferSyntaxUid: string,
  m: PixelModule,
  cleaner: PixelCleaner,
): Promise<{ frames: Buffer[]; module: PixelModule }> {
  if (NATIVE.has(transferSyntaxUid)) {
    if (m.photometric.endsWith('_422') || m.photometric.endsWith('_420'))
      review(
        `native (0028,0004) PhotometricInterpretation ${m.photometric} (subsampled chroma) cannot be examined`,
      );
    const size = frameBytes(m);
    if (value.length < size * m.frames)
      review(`the native pixel data holds ${value.length} bytes, fewer than ${m.frames} frame(s) of ${size}`);
    return {
      frames: Array.from({ length: m.frames }, (_, i) => value.subarray(i * size, (i + 1) * size)),
      module: m,
    };
  }
  if (!cleaner.codec.decodes(transferSyntaxUid))
    review(`no decoder for transfer syntax ${transferSyntaxUid}: the pixels cannot be examined`);
  const fragments = framesOf(value, m.frames);
  if (typeof fragments === 'string') return review(fragments);
  try {
    return await cleaner.codec.decode(
      transferSyntaxUid,
      fragments.map((f) => Buffer.concat(f)),
      m,
    );
  } catch {
    return review(`the frames in transfer syntax ${transferSyntaxUid} do not decode`);
  }
}

/** Cleans an image's pixel data value (the bytes after its element header). Throws `Hold` to hold it. */
export async function cleanPixelData(
  ds: Dataset,
  transferSyntaxUid: string,
  littleEndian: boolean,
  value: Buffer,
  cleaner: PixelCleaner,
): Promise<PixelOutcome> {
  const m = pixelModuleOf(ds, littleEndian);
  if (typeof m === 'string') return review(m);
  const decoded = await nativeFramesOf(value, transferSyntaxUid, m, cleaner);
  const dm = decoded.module;
  const colour = dm.photometric === 'RGB' || dm.photometric === 'YBR_FULL';
  if (!VIEWABLE.has(dm.photometric) || dm.samplesPerPixel !== (colour ? 3 : 1))
    review(
      `(0028,0004) PhotometricInterpretation ${dm.photometric} with ${dm.samplesPerPixel} sample(s) cannot be examined`,
    );
  const native = NATIVE.has(transferSyntaxUid);
  // Decoded frames are little endian whatever codec made them; native ones keep the input's order.
  const frameLittleEndian = native ? littleEndian : true;
  const verdict = await cleanFrames(cleaner.text, decoded.frames, dm, frameLittleEndian, [
    ...maskRegions(ds, m, cleaner.masks),
    ...(cleaner.regions ?? []),
  ]);
  const base = { examinedFrames: verdict.examinedFrames.length, frames: dm.frames };
  if (verdict.kind === 'review') return review(verdict.detail, verdict.boxes);
  if (verdict.kind === 'clean')
    return { kind: 'unchanged', provenance: { ...base, boxes: [], encoding: 'input-syntax' } };
  const provenance = (encoding: PixelProvenance['encoding']) => ({ ...base, boxes: verdict.boxes, encoding });
  if (native)
    return {
      kind: 'replaced',
      value: even(Buffer.concat(verdict.frames)),
      encapsulated: false,
      transferSyntaxUid,
      module: dm,
      provenance: provenance('input-syntax'),
    };
  const encoded = LOSSLESS.has(transferSyntaxUid)
    ? await cleaner.codec.encode(transferSyntaxUid, verdict.frames, dm).catch(() => undefined)
    : undefined;
  if (encoded)
    return {
      kind: 'replaced',
      value: encapsulate(encoded),
      encapsulated: true,
      transferSyntaxUid,
      module: dm,
      provenance: provenance('input-syntax'),
    };
  return {
    kind: 'replaced',
    value: even(Buffer.concat(verdict.frames)),
    encapsulated: false,
    transferSyntaxUid: TS.explicitLE,
    module: { ...dm, planarConfiguration: dm.samplesPerPixel > 1 ? dm.planarConfiguration : 0 },
    provenance: provenance('explicit-le-native'),
  };
}
