/**
 * One native (uncompressed) frame: sample access whatever the bit depth, sign, byte order and planar
 * configuration; its 8-bit views for OCR (luminance, distance from the background); and redaction, which fills boxes with the darkest value.
 */
import type { PixelModule } from './pixel-module.ts';
import { type Box, grown } from './text-box.ts';

/** An 8-bit grey image, row major: what the OCR reads. */
export interface Gray8 {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Photometric interpretations whose native frames can be viewed and redacted here. */
export const VIEWABLE = new Set(['MONOCHROME1', 'MONOCHROME2', 'RGB', 'YBR_FULL', 'PALETTE COLOR']);

/** Reads and writes the stored samples of a frame. */
class Samples {
  private readonly pixels: number;
  private readonly mask: number;
  constructor(
    readonly frame: Buffer,
    readonly m: PixelModule,
    private readonly littleEndian: boolean,
  ) {
    this.pixels = m.rows * m.columns;
    this.mask = m.bitsStored >= 16 ? 0xffff : (1 << m.bitsStored) - 1;
  }
  private offset(pixel: number, sample: number): number {
    const index =
      this.m.planarConfiguration === 1 && this.m.samplesPerPixel > 1
        ? sample * this.pixels + pixel
        : pixel * this.m.samplesPerPixel + sample;
    return index * (this.m.bitsAllocated / 8);
  }
  get(pixel: number, sample: number): number {
    const at = this.offset(pixel, sample);
    const word =
      this.m.bitsAllocated === 8
        ? (this.frame[at] as number)
        : this.littleEndian
          ? this.frame.readUInt16LE(at)
          : this.frame.readUInt16BE(at);
    const raw = word & this.mask;
    const signBit = 1 << (this.m.bitsStored - 1);
    return this.m.pixelRepresentation === 1 && raw & signBit ? raw - (this.mask + 1) : raw;
  }
  set(pixel: number, sample: number, value: number): void {
    const at = this.offset(pixel, sample);
    if (this.m.bitsAllocated === 8) {
      this.frame[at] = value & this.mask;
      return;
    }
    const stored = value & this.mask;
    if (this.littleEndian) this.frame.writeUInt16LE(stored, at);
    else this.frame.writeUInt16BE(stored, at);
  }
  /** Least and greatest stored value of one sample over the frame. */
  range(sample: number): [number, number] {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let p = 0; p < this.pixels; p++) {
      const v = this.get(p, sample);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return [lo, hi];
  }
}

/**
 * The frame as 8-bit grey: luminance for RGB, Y for YBR_FULL, the index for palette colour, inverted
 * for MONOCHROME1; stretched from the frame's own range, so burned-in text is as bright as it shows.
 */
export function grayOf(frame: Buffer, m: PixelModule, littleEndian: boolean): Gray8 {
  const s = new Samples(frame, m, littleEndian);
  const pixels = m.rows * m.columns;
  const lumaOf =
    m.photometric === 'RGB'
      ? (p: number) => (s.get(p, 0) * 299 + s.get(p, 1) * 587 + s.get(p, 2) * 114) / 1000
      : (p: number) => s.get(p, 0);
  const luma = new Float64Array(pixels);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < pixels; p++) {
    const v = lumaOf(p);
    luma[p] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const invert = m.photometric === 'MONOCHROME1';
  const data = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const g = Math.round(((luma[p] as number) - lo) * scale);
    data[p] = invert ? 255 - g : g;
  }
  return { width: m.columns, height: m.rows, data };
}

/**
 * The frame as its distance from the background, 8-bit: per sample, how far each value is from that
 * sample's most common value (the background), the greatest over samples, stretched so the farthest is
 * 255. Text of any colour or polarity is bright on black here, even where its luminance is close to the
 * background's (green on grey, say), which the luminance view loses.
 */
export function contrastOf(frame: Buffer, m: PixelModule, littleEndian: boolean): Gray8 {
  const s = new Samples(frame, m, littleEndian);
  const pixels = m.rows * m.columns;
  const distance = new Float64Array(pixels);
  for (let sample = 0; sample < m.samplesPerPixel; sample++) {
    const [lo, hi] = s.range(sample);
    if (hi === lo) continue; // a flat sample: nothing stands out in it
    const span = hi - lo;
    const histogram = new Uint32Array(256);
    for (let p = 0; p < pixels; p++) {
      const bin = Math.floor(((s.get(p, sample) - lo) * 255) / span);
      histogram[bin] = (histogram[bin] as number) + 1;
    }
    const mode = histogram.indexOf(Math.max(...histogram));
    const background = lo + ((mode + 0.5) * span) / 255;
    for (let p = 0; p < pixels; p++) {
      const d = Math.abs(s.get(p, sample) - background) / span;
      if (d > (distance[p] as number)) distance[p] = d;
    }
  }
  let far = 0;
  for (let p = 0; p < pixels; p++) if ((distance[p] as number) > far) far = distance[p] as number;
  const scale = far > 0 ? 255 / far : 0;
  const data = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) data[p] = Math.round((distance[p] as number) * scale);
  return { width: m.columns, height: m.rows, data };
}

/**
 * Fills each box (grown by `margin`) with the value that shows darkest: the least stored value, the
 * greatest for MONOCHROME1, neutral chroma for YBR_FULL. Changes `frame` in place.
 */
export function redactFrame(
  frame: Buffer,
  m: PixelModule,
  littleEndian: boolean,
  boxes: readonly Box[],
  margin: number,
): void {
  if (boxes.length === 0) return;
  const s = new Samples(frame, m, littleEndian);
  const fill = Array.from({ length: m.samplesPerPixel }, (_, sample) => {
    if (m.photometric === 'YBR_FULL' && sample > 0) return 1 << (m.bitsStored - 1);
    const [lo, hi] = s.range(sample);
    return m.photometric === 'MONOCHROME1' ? hi : lo;
  });
  for (const box of boxes) {
    const b = grown(box, margin, m.columns, m.rows);
    for (let y = b.y0; y <= b.y1; y++)
      for (let x = b.x0; x <= b.x1; x++)
        for (let sample = 0; sample < m.samplesPerPixel; sample++)
          s.set(y * m.columns + x, sample, fill[sample] as number);
  }
}
