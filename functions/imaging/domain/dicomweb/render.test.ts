import { describe, expect, it } from 'vitest';
import type { PixelModule } from '../pixels/pixel-module.ts';
import { fitted, parseRenderedQuery, renderFrame, windowed } from './render.ts';

const mono = (bits: 8 | 16, photometric = 'MONOCHROME2'): PixelModule => ({
  rows: 1,
  columns: 3,
  samplesPerPixel: 1,
  bitsAllocated: bits,
  bitsStored: bits === 16 ? 12 : 8,
  pixelRepresentation: 0,
  photometric,
  planarConfiguration: 0,
  frames: 1,
});
const grey = (r: { data: Uint8ClampedArray } | undefined) =>
  [...(r?.data ?? [])].filter((_, i) => i % 4 === 0);

describe('renderFrame', () => {
  it('stretches a monochrome frame over its own range, inverted for MONOCHROME1', () => {
    const frame = Buffer.alloc(6);
    for (const [i, v] of [0, 2048, 4095].entries()) frame.writeUInt16LE(v, i * 2);
    expect(grey(renderFrame(frame, mono(16), true))).toEqual([0, 128, 255]);
    expect(grey(renderFrame(frame, mono(16, 'MONOCHROME1'), true))).toEqual([255, 127, 0]);
  });
  it('applies the rescale and the linear VOI window', () => {
    const frame = Buffer.alloc(6);
    for (const [i, v] of [0, 1024, 2048].entries()) frame.writeUInt16LE(v, i * 2);
    const r = renderFrame(frame, mono(16), true, {
      window: { center: 40, width: 400 },
      rescale: { slope: 1, intercept: -1024 },
    });
    expect(grey(r)).toEqual([0, Math.round(windowed(0, { center: 40, width: 400 })), 255]);
  });
  it('shows RGB as it is, interleaved or planar', () => {
    const rgb = { ...mono(8), samplesPerPixel: 3, photometric: 'RGB' };
    const r = renderFrame(Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255]), rgb, true);
    expect([...(r?.data ?? [])].slice(0, 8)).toEqual([255, 0, 0, 255, 0, 255, 0, 255]);
    const planar = renderFrame(
      Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255]),
      { ...rgb, planarConfiguration: 1 },
      true,
    );
    expect([...(planar?.data ?? [])].slice(0, 4)).toEqual([255, 0, 0, 255]);
  });
  it('refuses frames shorter than their module', () => {
    expect(renderFrame(Buffer.alloc(2), mono(16), true)).toBeUndefined();
  });
});

describe('rendering parameters', () => {
  it('fits a viewport keeping the aspect ratio, never enlarging', () => {
    expect(fitted(512, 256, { width: 128, height: 128 })).toEqual({ width: 128, height: 64 });
    expect(fitted(64, 64, { width: 128, height: 128 })).toEqual({ width: 64, height: 64 });
  });
  it('reads viewport, quality and window, and names a bad one', () => {
    expect(parseRenderedQuery({ viewport: '128,128', quality: '80', window: '40,400,linear' })).toEqual({
      viewport: { width: 128, height: 128 },
      quality: 80,
      window: { center: 40, width: 400 },
    });
    expect(parseRenderedQuery({ window: '40,400,sigmoid' })).toMatchObject({ field: 'query.window' });
    expect(parseRenderedQuery({ annotation: 'patient' })).toMatchObject({ field: 'query.annotation' });
  });
});
