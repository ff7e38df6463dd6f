/**
 * Rendering a native frame for `…/rendered` (PS3.18 §8.3.5.1.3): monochrome through the VOI window
 * (the request's, else the stretch of the frame's own range), colour as RGB; as 8-bit RGBA for an encoder.
 */
import { grayOf } from '../pixels/native-frame.ts';
import type { PixelModule } from '../pixels/pixel-module.ts';

export interface Window {
  center: number;
  width: number;
}

export interface RenderOptions {
  window?: Window;
  /** Modality LUT: stored value × slope + intercept (window values are in these units). */
  rescale?: { slope: number; intercept: number };
}

export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

function sampleReader(frame: Buffer, m: PixelModule, littleEndian: boolean) {
  const bytes = m.bitsAllocated / 8;
  const mask = m.bitsStored >= 32 ? 0xffffffff : 2 ** m.bitsStored - 1;
  const sign = 2 ** (m.bitsStored - 1);
  const pixels = m.rows * m.columns;
  return (pixel: number, sample: number) => {
    const index =
      m.planarConfiguration === 1 && m.samplesPerPixel > 1
        ? sample * pixels + pixel
        : pixel * m.samplesPerPixel + sample;
    const at = index * bytes;
    const word =
      bytes === 1
        ? (frame[at] as number)
        : bytes === 2
          ? littleEndian
            ? frame.readUInt16LE(at)
            : frame.readUInt16BE(at)
          : littleEndian
            ? frame.readUInt32LE(at)
            : frame.readUInt32BE(at);
    const raw = word & mask;
    return m.pixelRepresentation === 1 && raw >= sign ? raw - 2 * sign : raw;
  };
}

/** PS3.3 C.11.2.1.2.1: the linear VOI function, to 0–255. */
export function windowed(x: number, w: Window): number {
  const width = Math.max(1, w.width);
  const lo = w.center - 0.5 - (width - 1) / 2;
  const hi = w.center - 0.5 + (width - 1) / 2;
  if (x <= lo) return 0;
  if (x > hi) return 255;
  return ((x - (w.center - 0.5)) / (width - 1) + 0.5) * 255;
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** The frame as RGBA; undefined for pixels this renderer does not show (bit depths other than 8/16/32). */
export function renderFrame(
  frame: Buffer,
  m: PixelModule,
  littleEndian: boolean,
  o: RenderOptions = {},
): Rgba | undefined {
  if (![8, 16, 32].includes(m.bitsAllocated)) return undefined;
  const pixels = m.rows * m.columns;
  const need = pixels * m.samplesPerPixel * (m.bitsAllocated / 8);
  if (frame.length < need) return undefined;
  const data = new Uint8ClampedArray(pixels * 4);
  const get = sampleReader(frame, m, littleEndian);
  const put = (p: number, r: number, g: number, b: number) => {
    data[p * 4] = r;
    data[p * 4 + 1] = g;
    data[p * 4 + 2] = b;
    data[p * 4 + 3] = 255;
  };
  const colour = m.samplesPerPixel === 3 && (m.photometric === 'RGB' || m.photometric === 'YBR_FULL');
  if (colour) {
    const shift = Math.max(0, m.bitsStored - 8);
    for (let p = 0; p < pixels; p++) {
      const [a, b, c] = [get(p, 0) >> shift, get(p, 1) >> shift, get(p, 2) >> shift];
      if (m.photometric === 'RGB') put(p, a, b, c);
      else
        put(
          p,
          clamp(a + 1.402 * (c - 128)),
          clamp(a - 0.344136 * (b - 128) - 0.714136 * (c - 128)),
          clamp(a + 1.772 * (b - 128)),
        );
    }
    return { width: m.columns, height: m.rows, data };
  }
  const invert = m.photometric === 'MONOCHROME1';
  if (o.window && m.samplesPerPixel === 1 && m.photometric.startsWith('MONOCHROME')) {
    const { slope, intercept } = o.rescale ?? { slope: 1, intercept: 0 };
    for (let p = 0; p < pixels; p++) {
      const g = clamp(windowed(get(p, 0) * slope + intercept, o.window));
      const v = invert ? 255 - g : g;
      put(p, v, v, v);
    }
    return { width: m.columns, height: m.rows, data };
  }
  // The frame's own range, stretched (the same view the OCR reads), for any other photometric.
  const grey = grayOf(frame, m.bitsAllocated === 32 ? { ...m, bitsAllocated: 16 } : m, littleEndian).data;
  for (let p = 0; p < pixels; p++) put(p, grey[p] as number, grey[p] as number, grey[p] as number);
  return { width: m.columns, height: m.rows, data };
}

/** The size that fits `viewport` (keeping the aspect ratio, never enlarging), or the frame's own. */
export function fitted(width: number, height: number, viewport?: { width: number; height: number }) {
  if (!viewport) return { width, height };
  const scale = Math.min(1, viewport.width / width, viewport.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface RenderedQuery {
  viewport?: { width: number; height: number };
  quality?: number;
  window?: Window;
}

/** `viewport=w,h`, `quality=1..100`, `window=center,width[,linear]` (PS3.18 §8.3.5.1), or why not. */
export function parseRenderedQuery(
  raw: Record<string, unknown>,
): RenderedQuery | { field: string; message: string } {
  const out: RenderedQuery = {};
  for (const [key, value] of Object.entries(raw)) {
    const v = typeof value === 'string' ? value : undefined;
    const field = `query.${key}`;
    if (v === undefined) return { field, message: 'give it once' };
    if (key === 'viewport') {
      const m = /^(\d{1,5}),(\d{1,5})$/.exec(v);
      if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) return { field, message: 'width,height in pixels' };
      out.viewport = { width: Number(m[1]), height: Number(m[2]) };
    } else if (key === 'quality') {
      if (!/^\d{1,3}$/.test(v) || Number(v) < 1 || Number(v) > 100)
        return { field, message: 'an integer from 1 to 100' };
      out.quality = Number(v);
    } else if (key === 'window') {
      const [c, w, fn] = v.split(',');
      const center = Number(c);
      const width = Number(w);
      if (
        !Number.isFinite(center) ||
        !Number.isFinite(width) ||
        width < 1 ||
        (fn !== undefined && fn.toLowerCase() !== 'linear')
      )
        return {
          field,
          message: 'center,width[,linear] with width ≥ 1 (only the linear function is supported)',
        };
      out.window = { center, width };
    } else return { field, message: 'not a supported rendering parameter (viewport, quality, window)' };
  }
  return out;
}
