import { describe, expect, it } from 'vitest';
import {
  encapsulated,
  explicitBigEndian,
  explicitLittleEndian,
  FIXTURE_CASES,
  implicitLittleEndian,
  noPreamble,
  rawImplicit,
  standardElements,
  toFile,
} from '../../fixtures/dicom-fixtures.ts';
import { baselineJpeg } from '../../fixtures/jpeg-fixtures.ts';
import { pngImage } from '../../fixtures/png-fixtures.ts';
import { detectFormat, SNIFF_BYTES } from './detect-format.ts';

const sniff = (file: Buffer) => detectFormat(file.subarray(0, SNIFF_BYTES));

describe('detectFormat', () => {
  it('sniffs 1 KiB', () => {
    expect(SNIFF_BYTES).toBe(1024);
  });

  it('recognises Part 10 files by the DICM magic after the preamble, whatever the transfer syntax', () => {
    for (const file of [
      explicitLittleEndian(),
      implicitLittleEndian(),
      explicitBigEndian(),
      encapsulated(),
    ]) {
      expect(sniff(file)).toBe('dicom');
    }
  });

  it('recognises file meta without the preamble as dicom', () => {
    expect(sniff(noPreamble())).toBe('dicom');
  });

  it('recognises a bare dataset (no meta) by its element structure, in all three encodings', () => {
    expect(sniff(rawImplicit())).toBe('dicom-raw');
    expect(sniff(toFile(standardElements(), 'explicit-le', { meta: false }))).toBe('dicom-raw');
    expect(sniff(toFile(standardElements(), 'explicit-be', { meta: false }))).toBe('dicom-raw');
  });

  it('recognises a bare dataset from its first two elements only', () => {
    expect(detectFormat(rawImplicit().subarray(0, 40))).toBe('dicom-raw');
  });

  it('classifies every fixture with a meta header as dicom, broken or not', () => {
    for (const fixture of FIXTURE_CASES.filter((c) => c.name !== 'raw-implicit')) {
      expect({ name: fixture.name, format: sniff(fixture.build()) }).toEqual({
        name: fixture.name,
        format: 'dicom',
      });
    }
  });

  it('recognises JPEG by SOI followed by a marker, and PNG by its signature', () => {
    expect(sniff(baselineJpeg({ width: 8, height: 8 }))).toBe('jpeg');
    expect(sniff(pngImage({ width: 4, height: 4 }))).toBe('png');
  });

  it.each([
    ['zero bytes', Buffer.alloc(0)],
    ['a few bytes', Buffer.from([0x08, 0x00])],
    ['zeros', Buffer.alloc(2048)],
    ['text', Buffer.from('Patient: Zelda Ximena\nDOB 1961-02-03\n'.repeat(20))],
    ['a zip', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100, 1)])],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n', 'latin1')],
    ['JSON', Buffer.from('{"patientId":"123","pathology":"x"}')],
    ['SOI without a marker', Buffer.from([0xff, 0xd8, 0x00, 0x10, 0, 0, 0, 0])],
    ['a truncated PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])],
    ['DICM at the wrong offset', Buffer.concat([Buffer.alloc(64), Buffer.from('DICM'), Buffer.alloc(100)])],
  ])('answers unknown for %s', (_, head) => {
    expect(detectFormat(head)).toBe('unknown');
  });

  it('rejects element-like bytes whose tags go backwards or whose VR is not a VR', () => {
    const backwards = Buffer.from([
      0x10, 0, 0x10, 0, 2, 0, 0, 0, 0x41, 0x20, 0x08, 0, 0x05, 0, 2, 0, 0, 0, 0x41, 0x20,
    ]);
    expect(detectFormat(backwards)).toBe('unknown');
    const badVr = Buffer.from([
      0x08, 0, 0x05, 0, 0x5a, 0x5a, 2, 0, 0x41, 0x20, 0x08, 0, 0x06, 0, 0x5a, 0x5a, 2, 0,
    ]);
    expect(detectFormat(Buffer.concat([badVr, Buffer.alloc(16, 0x41)]))).toBe('unknown');
  });
});
