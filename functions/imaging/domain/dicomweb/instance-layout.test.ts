/** Layouts and frames of fixture files (built by the fixture writer, cross-checked by dcmjs), read in small chunks. */
import { describe, expect, it } from 'vitest';
import { parseHeader } from '../../adapters/dicomweb-objects.ts';
import {
  encapsulated,
  explicitLittleEndian,
  implicitLittleEndian,
  multiframe,
} from '../../fixtures/dicom-fixtures.ts';
import { el } from '../../fixtures/dicom-writer.ts';
import { toDicomJson } from './dicom-json.ts';
import {
  encapsulatedFrameRange,
  fragmentBytes,
  fragmentRanges,
  nativeFrameBytes,
  nativeFrameRange,
  parseFrameList,
  pixelModuleOfJson,
} from './frames.ts';
import { indexEntry } from './instance-index.ts';
import { instanceLayout } from './instance-layout.ts';

async function* chunked(b: Buffer, size = 97) {
  for (let at = 0; at < b.length; at += size) yield b.subarray(at, at + size);
}
const layoutOf = async (b: Buffer) => {
  const l = await instanceLayout(chunked(b), { maxHeaderBytes: 1 << 20 });
  if (typeof l === 'string') throw new Error(l);
  return l;
};
const collect = async (it: AsyncIterable<Buffer>) => {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
};

describe('instanceLayout', () => {
  it('finds native pixel data after the header, in either little-endian syntax', async () => {
    for (const file of [explicitLittleEndian(), implicitLittleEndian()]) {
      const l = await layoutOf(file);
      expect(l.pixel?.tag).toBe(0x7fe00010);
      expect(l.pixel?.valueOffset).toBe(file.length - 16 * 16 * 2);
      expect(l.pixel?.length).toBe(512);
      const json = toDicomJson(parseHeader(l.header));
      expect(json['00280010']).toEqual({ vr: 'US', Value: [16] });
      expect(json['7FE00010']).toBeUndefined();
    }
  });

  it('reads the offset table of encapsulated pixel data and finds each frame’s fragments', async () => {
    const file = encapsulated({ frames: 3, fragmentsPerFrame: 2 });
    const l = await layoutOf(file);
    const p = l.pixel;
    expect(p?.length).toBeUndefined();
    expect(p?.offsetTable).toHaveLength(3);
    const m = pixelModuleOfJson(toDicomJson(parseHeader(l.header)));
    if (typeof m === 'string' || !p) throw new Error('no module');
    expect(m.frames).toBe(3);
    for (const n of [1, 2, 3]) {
      const r = encapsulatedFrameRange(p, 3, n, file.length);
      if (!r) throw new Error('no range');
      const frame = await collect(fragmentBytes(chunked(file.subarray(r.start, r.end), 5)));
      // Each frame is a whole JPEG: SOI … EOI (padding to even length aside).
      expect(frame.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(frame.includes(Buffer.from([0xff, 0xd9]))).toBe(true);
    }
  });

  it('tells frames apart by scanning when the offset table is empty and each frame is one fragment', async () => {
    const file = encapsulated({ frames: 3, fragmentsPerFrame: 1, offsetTable: false });
    const p = (await layoutOf(file)).pixel;
    if (!p?.firstFragment) throw new Error('no fragments');
    expect(p.offsetTable).toEqual([]);
    expect(encapsulatedFrameRange(p, 3, 1, file.length)).toBeUndefined();
    const ranges = await fragmentRanges(chunked(file.subarray(p.firstFragment), 11), p.firstFragment);
    expect(ranges).toHaveLength(3);
    expect(ranges[0]?.start).toBe(p.firstFragment);
  });
});

describe('native frames', () => {
  it('lie one after another in the pixel data', async () => {
    const file = multiframe({ frames: 4 });
    const l = await layoutOf(file);
    const m = pixelModuleOfJson(toDicomJson(parseHeader(l.header)));
    if (typeof m === 'string' || !l.pixel) throw new Error('no module');
    const size = nativeFrameBytes(m, m.frames) as number;
    expect(size).toBe(16 * 16 * 2);
    expect(nativeFrameRange(l.pixel, size, 4).end).toBe(file.length);
  });
  it('refuses frame lists that are not one-based numbers of existing frames', () => {
    expect(parseFrameList('2,1,2', 3)).toEqual([2, 1, 2]);
    expect(typeof parseFrameList('0', 3)).toBe('string');
    expect(typeof parseFrameList('4', 3)).toBe('string');
    expect(typeof parseFrameList('1,,2', 3)).toBe('string');
  });
});

describe('indexEntry', () => {
  it('keeps the QIDO values and return attributes of the header beside the catalogue facts', async () => {
    const file = explicitLittleEndian({ extra: [el(0x00080020, 'DA', '20231105')] });
    const l = await layoutOf(file);
    const e = indexEntry(
      { imageId: 'i', centerCode: 'C', modality: 'CT', region: 'chest', object: 'o', bytes: file.length },
      l.transferSyntaxUid,
      parseHeader(l.header),
    );
    if (typeof e === 'string') throw new Error(e);
    expect(e).toMatchObject({ studyDate: '20231105', dicomModality: 'CT', bodyPart: 'CHEST', frames: 1 });
    expect(e.attrs.study['00080020']).toEqual({ vr: 'DA', Value: ['20231105'] });
    expect(e.attrs.instance['00280010']).toEqual({ vr: 'US', Value: [16] });
    // The fixture's (un-anonymized) comments are no return attribute: only listed tags are kept.
    expect(JSON.stringify(e.attrs)).not.toContain('00104000');
  });
});
