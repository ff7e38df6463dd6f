/** The Image Pixel module (PS3.3 C.7.6.3) of a dataset: what is needed to split, view and redact frames. */
import { type Dataset, find, text } from '../dicom/dataset.ts';

export interface PixelModule {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
  photometric: string;
  /** 0 interleaved (RGBRGB…), 1 planar (RR…GG…BB…). */
  planarConfiguration: number;
  frames: number;
}

/** Tags of the module, for rewriting it when the pixels change form. */
export const PIXEL_TAGS = {
  samplesPerPixel: 0x00280002,
  photometric: 0x00280004,
  planarConfiguration: 0x00280006,
  numberOfFrames: 0x00280008,
  rows: 0x00280010,
  columns: 0x00280011,
  bitsAllocated: 0x00280100,
  bitsStored: 0x00280101,
  highBit: 0x00280102,
  pixelRepresentation: 0x00280103,
} as const;

const us = (ds: Dataset, tag: number, littleEndian: boolean): number | undefined => {
  const v = find(ds, tag)?.value;
  if (!v || v.length < 2) return undefined;
  return littleEndian ? v.readUInt16LE(0) : v.readUInt16BE(0);
};

/** The pixel module of a dataset, or why it cannot be read (a PHI-free detail). */
export function pixelModuleOf(ds: Dataset, littleEndian: boolean): PixelModule | string {
  const rows = us(ds, PIXEL_TAGS.rows, littleEndian);
  const columns = us(ds, PIXEL_TAGS.columns, littleEndian);
  const bitsAllocated = us(ds, PIXEL_TAGS.bitsAllocated, littleEndian);
  if (!rows || !columns) return '(0028,0010) Rows or (0028,0011) Columns is missing or zero';
  if (bitsAllocated !== 8 && bitsAllocated !== 16)
    return `(0028,0100) BitsAllocated ${bitsAllocated ?? 'absent'} is not 8 or 16`;
  const bitsStored = us(ds, PIXEL_TAGS.bitsStored, littleEndian) ?? bitsAllocated;
  if (bitsStored < 1 || bitsStored > bitsAllocated)
    return `(0028,0101) BitsStored ${bitsStored} is not between 1 and BitsAllocated ${bitsAllocated}`;
  const frames = Number.parseInt(text(find(ds, PIXEL_TAGS.numberOfFrames)) ?? '1', 10);
  return {
    rows,
    columns,
    samplesPerPixel: us(ds, PIXEL_TAGS.samplesPerPixel, littleEndian) ?? 1,
    bitsAllocated,
    bitsStored,
    pixelRepresentation: us(ds, PIXEL_TAGS.pixelRepresentation, littleEndian) ?? 0,
    photometric: (text(find(ds, PIXEL_TAGS.photometric)) ?? 'MONOCHROME2').toUpperCase(),
    planarConfiguration: us(ds, PIXEL_TAGS.planarConfiguration, littleEndian) ?? 0,
    frames: Number.isFinite(frames) && frames > 0 ? frames : 1,
  };
}

/** Bytes of one native frame. */
export const frameBytes = (m: PixelModule) => m.rows * m.columns * m.samplesPerPixel * (m.bitsAllocated / 8);
