import { describe, expect, it } from 'vitest';
import { grayOf, redactFrame, VIEWABLE } from './native-frame.ts';
import { moduleOf } from './test/fakes.ts';

/** 16-bit samples (negative ones as two's complement) in either byte order. */
function u16(values: readonly number[], littleEndian = true): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => {
    if (littleEndian) b.writeUInt16LE(v & 0xffff, i * 2);
    else b.writeUInt16BE(v & 0xffff, i * 2);
  });
  return b;
}

const row = (columns: number, over = {}) => moduleOf({ rows: 1, columns, ...over });
const gray = (frame: Buffer, m = row(frame.length), littleEndian = true) => [
  ...grayOf(frame, m, littleEndian).data,
];

describe('grayOf: the 8-bit grey view the OCR reads', () => {
  it('MONOCHROME2 8-bit: stretched from the frame’s own range to 0–255, row major', () => {
    const m = moduleOf({ rows: 2, columns: 2 });
    expect(grayOf(Buffer.from([10, 20, 30, 10]), m, true)).toEqual({
      width: 2,
      height: 2,
      data: new Uint8Array([0, 128, 255, 0]),
    });
  });

  it('16-bit: read in the frame’s byte order', () => {
    const m = row(4, { bitsAllocated: 16, bitsStored: 16 });
    const values = [1000, 1100, 1510, 1000];
    expect(gray(u16(values, true), m, true)).toEqual([0, 50, 255, 0]);
    expect(gray(u16(values, false), m, false)).toEqual([0, 50, 255, 0]);
  });

  it('signed 16-bit: two’s complement, so negative values are the darkest', () => {
    const m = row(4, { bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1 });
    const frame = u16([-1000, 0, 1000, -1000]);
    expect(gray(frame, m)).toEqual([0, 128, 255, 0]);
    // The same bytes read unsigned: -1000 (0xFC18) would be the brightest.
    expect(gray(frame, { ...m, pixelRepresentation: 0 })).toEqual([255, 0, 4, 255]);
  });

  it('BitsStored < 16: the bits above are ignored, and the sign bit is the highest stored one', () => {
    const stored12 = row(3, { bitsAllocated: 16, bitsStored: 12 });
    expect(gray(u16([0xf000, 0x0fff, 0x0800]), stored12)).toEqual([0, 255, 128]);
    expect(gray(u16([0x0800, 0x07ff, 0x0000]), { ...stored12, pixelRepresentation: 1 })).toEqual([
      0, 255, 128,
    ]);
  });

  it('MONOCHROME1: inverted, as it shows (the greatest value is black)', () => {
    expect(gray(Buffer.from([10, 20, 30, 10]), row(4, { photometric: 'MONOCHROME1' }))).toEqual([
      255, 127, 0, 255,
    ]);
  });

  const red = [255, 0, 0];
  const green = [0, 255, 0];
  const blue = [0, 0, 255];
  const white = [255, 255, 255];
  const black = [0, 0, 0];
  const pixels = [red, green, blue, white, black];
  // Rec. 601 luma: 0.299 R + 0.587 G + 0.114 B.
  const luma = [76, 150, 29, 255, 0];
  const rgb = row(5, { photometric: 'RGB', samplesPerPixel: 3 });

  it('RGB interleaved (RGBRGB…): luminance', () => {
    expect(gray(Buffer.from(pixels.flat()), rgb)).toEqual(luma);
  });

  it('RGB planar (RR…GG…BB…): the same luminance', () => {
    const planar = Buffer.from([0, 1, 2].flatMap((s) => pixels.map((p) => p[s] as number)));
    expect(gray(planar, { ...rgb, planarConfiguration: 1 })).toEqual(luma);
  });

  it('YBR_FULL: the Y sample alone, chroma ignored', () => {
    const ybr = Buffer.from([0, 200, 10, 128, 30, 240, 255, 90, 90]);
    expect(gray(ybr, row(3, { photometric: 'YBR_FULL', samplesPerPixel: 3 }))).toEqual([0, 128, 255]);
  });

  it('PALETTE COLOR: the index', () => {
    expect(gray(Buffer.from([3, 5, 7]), row(3, { photometric: 'PALETTE COLOR' }))).toEqual([0, 128, 255]);
  });

  it('a uniform frame is all black (no division by a zero range)', () => {
    expect(gray(Buffer.from([77, 77, 77]))).toEqual([0, 0, 0]);
  });

  it('signed 8-bit: two’s complement too, so -128 (0x80) is the darkest', () => {
    const m = row(4, { pixelRepresentation: 1 });
    expect(gray(Buffer.from([0x80, 0xff, 0x00, 0x7f]), m)).toEqual([0, 127, 128, 255]);
  });
});

describe('redactFrame: fills boxes (grown by the margin) with the darkest value, in place', () => {
  const m = moduleOf({ rows: 6, columns: 6 });
  /** 10, 11, … 45 row by row: the least is 10 (top left), the greatest 45. */
  const ramp = () => Buffer.from(Array.from({ length: 36 }, (_, i) => 10 + i));
  const inside = (x: number, y: number, b: { x0: number; y0: number; x1: number; y1: number }) =>
    x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1;
  /** The ramp with the pixels in the regions set to `fill`. */
  const expected = (regions: { x0: number; y0: number; x1: number; y1: number }[], fill: number) =>
    Buffer.from(
      Array.from({ length: 36 }, (_, i) =>
        regions.some((b) => inside(i % 6, Math.floor(i / 6), b)) ? fill : 10 + i,
      ),
    );

  it('MONOCHROME2: the least stored value over the box and its margin; every other pixel untouched', () => {
    const frame = ramp();
    redactFrame(frame, m, true, [{ x0: 3, y0: 3, x1: 3, y1: 3 }], 1);
    expect(frame).toEqual(expected([{ x0: 2, y0: 2, x1: 4, y1: 4 }], 10));
  });

  it('several boxes, the margin clipped at the frame edges', () => {
    const frame = ramp();
    redactFrame(
      frame,
      m,
      true,
      [
        { x0: 0, y0: 0, x1: 0, y1: 0 },
        { x0: 5, y0: 4, x1: 5, y1: 5 },
      ],
      2,
    );
    expect(frame).toEqual(
      expected(
        [
          { x0: 0, y0: 0, x1: 2, y1: 2 },
          { x0: 3, y0: 2, x1: 5, y1: 5 },
        ],
        10,
      ),
    );
  });

  it('no boxes: the frame is left as it is', () => {
    const frame = ramp();
    redactFrame(frame, m, true, [], 3);
    expect(frame).toEqual(ramp());
  });

  it('MONOCHROME1: the greatest stored value, which shows black', () => {
    const frame = ramp();
    redactFrame(frame, { ...m, photometric: 'MONOCHROME1' }, true, [{ x0: 0, y0: 5, x1: 5, y1: 5 }], 0);
    expect(frame).toEqual(expected([{ x0: 0, y0: 5, x1: 5, y1: 5 }], 45));
  });

  const rgb = moduleOf({ rows: 2, columns: 2, photometric: 'RGB', samplesPerPixel: 3 });
  const colours = [
    [200, 10, 50],
    [100, 20, 60],
    [30, 90, 70],
    [40, 80, 5],
  ];
  // Pixel 1 (x 1, y 0) filled with each channel's least value (30, 10, 5).
  const redactedColours = [colours[0], [30, 10, 5], colours[2], colours[3]] as number[][];
  const pixel1 = [{ x0: 1, y0: 0, x1: 1, y1: 0 }];

  it('RGB interleaved: each channel’s least value', () => {
    const frame = Buffer.from(colours.flat());
    redactFrame(frame, rgb, true, pixel1, 0);
    expect([...frame]).toEqual(redactedColours.flat());
  });

  it('RGB planar: the same, each plane addressed apart', () => {
    const planar = (px: number[][]) => [0, 1, 2].flatMap((s) => px.map((p) => p[s] as number));
    const frame = Buffer.from(planar(colours));
    redactFrame(frame, { ...rgb, planarConfiguration: 1 }, true, pixel1, 0);
    expect([...frame]).toEqual(planar(redactedColours));
  });

  it('YBR_FULL: the least Y with neutral chroma (128), so it shows black rather than green', () => {
    const frame = Buffer.from(colours.flat());
    redactFrame(frame, { ...rgb, photometric: 'YBR_FULL' }, true, pixel1, 0);
    expect([...frame]).toEqual([colours[0], [30, 128, 128], colours[2], colours[3]].flat());
  });

  const m16 = moduleOf({ rows: 2, columns: 2, bitsAllocated: 16, bitsStored: 16 });
  const corner = [{ x0: 1, y0: 1, x1: 1, y1: 1 }];

  it('16-bit big endian: the least value written back big endian', () => {
    const frame = u16([500, 300, 900, 700], false);
    redactFrame(frame, m16, false, corner, 0);
    expect(frame).toEqual(u16([500, 300, 900, 300], false));
  });

  it('signed 16-bit: the most negative value, as two’s complement', () => {
    const frame = u16([-5, 7, -300, 2]);
    redactFrame(frame, { ...m16, pixelRepresentation: 1 }, true, corner, 0);
    expect(frame).toEqual(u16([-5, 7, -300, -300]));
  });

  it('BitsStored 12: the least stored value, the bits above it cleared', () => {
    const frame = u16([0xf005, 0x0003, 0x0100, 0xf0ff]);
    redactFrame(frame, { ...m16, bitsStored: 12 }, true, corner, 0);
    expect(frame).toEqual(u16([0xf005, 0x0003, 0x0100, 0x0003]));
  });

  it('signed 8-bit: the most negative value (0x80)', () => {
    const frame = Buffer.from([0x80, 0x7f, 0x00, 0x10]);
    redactFrame(frame, moduleOf({ rows: 2, columns: 2, pixelRepresentation: 1 }), true, corner, 0);
    expect([...frame]).toEqual([0x80, 0x7f, 0x00, 0x80]);
  });
});

describe('VIEWABLE', () => {
  it('is the photometric interpretations whose native frames are read and redacted here', () => {
    expect([...VIEWABLE].sort()).toEqual(['MONOCHROME1', 'MONOCHROME2', 'PALETTE COLOR', 'RGB', 'YBR_FULL']);
  });
});
