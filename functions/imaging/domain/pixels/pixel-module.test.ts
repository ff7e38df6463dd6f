import { describe, expect, it } from 'vitest';
import { frameBytes, PIXEL_TAGS, pixelModuleOf } from './pixel-module.ts';
import { moduleDataset, moduleOf, str, us } from './test/fakes.ts';

const PATIENT = str(0x00100010, 'PN', 'PEREZ^JUANITA');

describe('pixelModuleOf: the Image Pixel module of a dataset', () => {
  const colour = moduleOf({
    rows: 480,
    columns: 640,
    samplesPerPixel: 3,
    photometric: 'RGB',
    planarConfiguration: 1,
    frames: 12,
  });
  const signed = moduleOf({
    rows: 512,
    columns: 256,
    bitsAllocated: 16,
    bitsStored: 12,
    pixelRepresentation: 1,
  });

  it('reads every field from a little endian dataset', () => {
    expect(pixelModuleOf(moduleDataset(colour, true), true)).toEqual(colour);
    expect(pixelModuleOf(moduleDataset(signed, true), true)).toEqual(signed);
  });

  it('reads US values big endian from a big endian dataset', () => {
    expect(pixelModuleOf(moduleDataset(signed, false), false)).toEqual(signed);
    // The byte order matters: 16 bits (0x0010) read in the wrong order are 4096.
    expect(pixelModuleOf(moduleDataset(signed, false), true)).toBe(
      '(0028,0100) BitsAllocated 4096 is not 8 or 16',
    );
  });

  it('defaults what the module may omit: 1 sample, BitsStored = BitsAllocated, unsigned, MONOCHROME2, 1 frame', () => {
    const ds = [us(PIXEL_TAGS.rows, 4), us(PIXEL_TAGS.columns, 3), us(PIXEL_TAGS.bitsAllocated, 16)];
    expect(pixelModuleOf(ds, true)).toEqual({
      rows: 4,
      columns: 3,
      samplesPerPixel: 1,
      bitsAllocated: 16,
      bitsStored: 16,
      pixelRepresentation: 0,
      photometric: 'MONOCHROME2',
      planarConfiguration: 0,
      frames: 1,
    });
  });

  it('upper-cases and trims the photometric interpretation', () => {
    const ds = moduleDataset(moduleOf(), true).map((e) =>
      e.tag === PIXEL_TAGS.photometric ? str(e.tag, 'CS', ' monochrome1 ') : e,
    );
    expect(pixelModuleOf(ds, true)).toMatchObject({ photometric: 'MONOCHROME1' });
  });

  it('parses NumberOfFrames, and takes 1 for a missing, unparsable, zero or negative count', () => {
    const withFrames = (n: string) =>
      moduleDataset(moduleOf(), true).map((e) =>
        e.tag === PIXEL_TAGS.numberOfFrames ? str(e.tag, 'IS', n) : e,
      );
    expect(pixelModuleOf(withFrames(' 40 '), true)).toMatchObject({ frames: 40 });
    for (const n of ['', 'many', '0', '-3'])
      expect(pixelModuleOf(withFrames(n), true)).toMatchObject({ frames: 1 });
  });

  describe('refuses, with a detail that names tags and never a value of the dataset', () => {
    const without = (tag: number) => moduleDataset(moduleOf(), true, [PATIENT]).filter((e) => e.tag !== tag);
    const withValue = (tag: number, v: number) =>
      moduleDataset(moduleOf(), true, [PATIENT]).map((e) => (e.tag === tag ? us(tag, v) : e));
    const ROWS_OR_COLUMNS = '(0028,0010) Rows or (0028,0011) Columns is missing or zero';

    it('missing or zero Rows or Columns', () => {
      expect(pixelModuleOf(without(PIXEL_TAGS.rows), true)).toBe(ROWS_OR_COLUMNS);
      expect(pixelModuleOf(without(PIXEL_TAGS.columns), true)).toBe(ROWS_OR_COLUMNS);
      expect(pixelModuleOf(withValue(PIXEL_TAGS.rows, 0), true)).toBe(ROWS_OR_COLUMNS);
      expect(pixelModuleOf(withValue(PIXEL_TAGS.columns, 0), true)).toBe(ROWS_OR_COLUMNS);
    });

    it('a value too short to hold a US counts as missing', () => {
      const ds = without(PIXEL_TAGS.rows);
      ds.push({ tag: PIXEL_TAGS.rows, vr: 'US', value: Buffer.from([7]) });
      expect(pixelModuleOf(ds, true)).toBe(ROWS_OR_COLUMNS);
    });

    it('BitsAllocated absent or other than 8 or 16', () => {
      expect(pixelModuleOf(without(PIXEL_TAGS.bitsAllocated), true)).toBe(
        '(0028,0100) BitsAllocated absent is not 8 or 16',
      );
      for (const bits of [1, 12, 32])
        expect(pixelModuleOf(withValue(PIXEL_TAGS.bitsAllocated, bits), true)).toBe(
          `(0028,0100) BitsAllocated ${bits} is not 8 or 16`,
        );
    });
  });
});

describe('frameBytes: the size of one native frame', () => {
  it('is rows × columns × samples × bytes per sample', () => {
    expect(frameBytes(moduleOf({ rows: 480, columns: 640, samplesPerPixel: 3 }))).toBe(921_600);
    expect(frameBytes(moduleOf({ rows: 2, columns: 3, bitsAllocated: 16 }))).toBe(12);
    expect(frameBytes(moduleOf({ frames: 10 }))).toBe(256);
  });
});
