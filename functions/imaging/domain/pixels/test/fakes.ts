/**
 * Test doubles for the pixel-cleaning ports and small builders of modules, frames and datasets. The
 * fake OCR is deterministic: one word per 4-connected blob of bright pixels in the grey image.
 */
import { encapsulatedPixelData } from '../../../fixtures/dicom-writer.ts';
import type { Dataset, Element } from '../../dicom/dataset.ts';
import { Hold } from '../../dicom/reject.ts';
import type { Gray8 } from '../native-frame.ts';
import { PIXEL_TAGS, type PixelModule } from '../pixel-module.ts';
import type { FoundWord, FrameCodec, PixelCleaner, TextFinder } from '../pixel-ports.ts';
import type { Box } from '../text-box.ts';

/** Grey levels above this are "ink" for the fake OCR. */
export const BRIGHT = 200;

/** An 8-bit MONOCHROME2 single-frame module, 16 × 16 unless told otherwise. */
export const moduleOf = (over: Partial<PixelModule> = {}): PixelModule => ({
  rows: 16,
  columns: 16,
  samplesPerPixel: 1,
  bitsAllocated: 8,
  bitsStored: 8,
  pixelRepresentation: 0,
  photometric: 'MONOCHROME2',
  planarConfiguration: 0,
  frames: 1,
  ...over,
});

/** The bounding boxes of the 4-connected runs of pixels brighter than BRIGHT, with their pixel counts. */
export function blobs(image: Gray8): { box: Box; area: number }[] {
  const { width, height, data } = image;
  const seen = new Uint8Array(width * height);
  const out: { box: Box; area: number }[] = [];
  for (let start = 0; start < data.length; start++) {
    if (seen[start] || (data[start] as number) <= BRIGHT) continue;
    const box = { x0: width, y0: height, x1: -1, y1: -1 };
    let area = 0;
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const p = stack.pop() as number;
      const [x, y] = [p % width, Math.floor(p / width)];
      area++;
      box.x0 = Math.min(box.x0, x);
      box.y0 = Math.min(box.y0, y);
      box.x1 = Math.max(box.x1, x);
      box.y1 = Math.max(box.y1, y);
      const next = [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width];
      for (const q of next)
        if (q >= 0 && q < data.length && !seen[q] && (data[q] as number) > BRIGHT) {
          seen[q] = 1;
          stack.push(q);
        }
    }
    out.push({ box, area });
  }
  return out;
}

export interface FakeFinder extends TextFinder {
  /** How many images it was asked to read. */
  calls: number;
}

/**
 * A fake OCR: one word (`text`, `confidence`) per bright blob of at least `minArea` pixels (smaller
 * blobs are noise it does not report).
 */
export function blobFinder(word: { text?: string; confidence?: number; minArea?: number } = {}): FakeFinder {
  const { text = 'MRN42', confidence = 90, minArea = 1 } = word;
  const finder: FakeFinder = {
    calls: 0,
    find: async (image) => {
      finder.calls++;
      return blobs(image)
        .filter((b) => b.area >= minArea)
        .map((b) => ({ text, confidence, box: b.box }));
    },
  };
  return finder;
}

/** A fake OCR that reads the same word at the same place whatever the image shows (even redacted). */
export function stubbornFinder(
  text = 'ABC',
  box: Box = { x0: 1, y0: 1, x1: 4, y1: 2 },
  confidence = 99,
): FakeFinder {
  const word: FoundWord = { text, confidence, box };
  const finder: FakeFinder = {
    calls: 0,
    find: async () => {
      finder.calls++;
      return [word];
    },
  };
  return finder;
}

export interface FakeCodec extends FrameCodec {
  /** The frames handed to `encode`, per call. */
  encoded: Buffer[][];
}

/**
 * A fake codec whose "compressed" frames are the native bytes themselves: decodes the syntaxes in
 * `decodes` (into `decodedAs(m)`, the input module by default), encodes those in `encodes`.
 */
export function rawCodec(
  opts: {
    decodes?: readonly string[];
    encodes?: readonly string[];
    decodedAs?: (m: PixelModule) => PixelModule;
    decodeThrows?: boolean;
    encodeThrows?: boolean;
  } = {},
): FakeCodec {
  const codec: FakeCodec = {
    encoded: [],
    decodes: (ts) => (opts.decodes ?? []).includes(ts),
    decode: async (_ts, frames, m) => {
      if (opts.decodeThrows) throw new Error('corrupt JPEG data: premature end of segment');
      return { frames: frames.map((f) => Buffer.from(f)), module: opts.decodedAs?.(m) ?? m };
    },
    encode: async (ts, frames) => {
      if (opts.encodeThrows) throw new Error('encoder crashed');
      if (!(opts.encodes ?? []).includes(ts)) return undefined;
      codec.encoded.push([...frames]);
      return frames.map((f) => Buffer.from(f));
    },
  };
  return codec;
}

export const cleaner = (text: TextFinder, codec: FrameCodec = rawCodec(), masks?: PixelCleaner['masks']) => ({
  text,
  codec,
  ...(masks ? { masks } : {}),
});

/** A frame of one value; 8-bit samples (any module with bitsAllocated 8). */
export const blank = (m: PixelModule, value = 0) =>
  Buffer.alloc(m.rows * m.columns * m.samplesPerPixel, value);

/** Paints a box of an 8-bit single-sample frame with a value (in place; returns the frame). */
export function paint(frame: Buffer, m: PixelModule, box: Box, value = 255): Buffer {
  for (let y = box.y0; y <= box.y1; y++)
    for (let x = box.x0; x <= box.x1; x++) frame[y * m.columns + x] = value;
  return frame;
}

/** Where the test images carry their burned-in "text" (white on black). */
export const TEXT = { x0: 3, y0: 4, x1: 9, y1: 5 };
/** A black 8-bit single-sample frame with white text at TEXT. */
export const withText = (m: PixelModule = moduleOf()) => paint(blank(m), m, TEXT);

/** Whether every pixel of a box in an 8-bit single-sample frame has the value. */
export function filled(frame: Buffer, m: PixelModule, box: Box, value: number): boolean {
  for (let y = box.y0; y <= box.y1; y++)
    for (let x = box.x0; x <= box.x1; x++) if (frame[y * m.columns + x] !== value) return false;
  return true;
}

/** A US element as the parser holds it. */
export function us(tag: number, v: number, littleEndian = true): Element {
  const value = Buffer.alloc(2);
  if (littleEndian) value.writeUInt16LE(v);
  else value.writeUInt16BE(v);
  return { tag, vr: 'US', value };
}

/** A text element as the parser holds it (padded to even length with a space). */
export const str = (tag: number, vr: string, s: string): Element => ({
  tag,
  vr,
  value: Buffer.from(s.length % 2 ? `${s} ` : s, 'latin1'),
});

/** The Image Pixel module elements of a module, in either byte order, with any extra elements. */
export function moduleDataset(m: PixelModule, littleEndian = true, extra: Dataset = []): Dataset {
  const u = (tag: number, v: number) => us(tag, v, littleEndian);
  return [
    ...extra,
    u(PIXEL_TAGS.samplesPerPixel, m.samplesPerPixel),
    str(PIXEL_TAGS.photometric, 'CS', m.photometric),
    u(PIXEL_TAGS.planarConfiguration, m.planarConfiguration),
    str(PIXEL_TAGS.numberOfFrames, 'IS', String(m.frames)),
    u(PIXEL_TAGS.rows, m.rows),
    u(PIXEL_TAGS.columns, m.columns),
    u(PIXEL_TAGS.bitsAllocated, m.bitsAllocated),
    u(PIXEL_TAGS.bitsStored, m.bitsStored),
    u(PIXEL_TAGS.highBit, Math.max(0, m.bitsStored - 1)),
    u(PIXEL_TAGS.pixelRepresentation, m.pixelRepresentation),
  ];
}

/** The value of an encapsulated pixel data element as the fixture writer makes it (its 12-byte header cut). */
export const encapsulatedValue = (frames: readonly (readonly Buffer[])[], offsetTable = true) =>
  encapsulatedPixelData(frames, offsetTable).subarray(12);

/** The Hold a promise rejects with (failing the test when it resolves or throws anything else). */
export async function heldFor(
  p: Promise<unknown>,
): Promise<{ reason: string; detail: string; boxes?: readonly Box[] }> {
  const e = await p.then(
    (v) => v,
    (e: unknown) => e,
  );
  if (!(e instanceof Hold))
    throw new Error(
      `expected a Hold, got ${e instanceof Error ? e.stack : JSON.stringify(e)?.slice(0, 300)}`,
    );
  return { reason: e.reason, detail: e.detail, ...(e.boxes ? { boxes: e.boxes } : {}) };
}
