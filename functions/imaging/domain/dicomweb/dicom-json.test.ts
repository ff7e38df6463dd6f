import { describe, expect, it } from 'vitest';
import { firstNumber, firstText, pick, tagOf, toDicomJson } from './dicom-json.ts';

describe('toDicomJson', () => {
  it('writes the DICOM JSON model: PN objects, numbers, AT as hex, binary inline, empty values without Value', () => {
    const json = toDicomJson({
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'psn:x', Ideographic: '' }] },
      '00280010': { vr: 'US', Value: [512] },
      '00180050': { vr: 'DS', Value: ['1.25'] },
      '00209165': { vr: 'AT', Value: [0x00100020] },
      '00091010': { vr: 'OB', Value: [new Uint8Array([1, 2, 3]).buffer] },
      '00080050': { vr: 'SH', Value: [''] },
      '00081140': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] } }] },
      '7FE00010': { vr: 'OW', Value: [new ArrayBuffer(4)] },
      '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
    });
    expect(json).toEqual({
      '00080050': { vr: 'SH' },
      '00081140': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] } }] },
      '00091010': { vr: 'OB', InlineBinary: 'AQID' },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'psn:x' }] },
      '00180050': { vr: 'DS', Value: [1.25] },
      '00209165': { vr: 'AT', Value: ['00100020'] },
      '00280010': { vr: 'US', Value: [512] },
    });
  });
  it('points at pixel data with a BulkDataURI when asked', () => {
    const json = toDicomJson(
      { '7FE00010': { vr: 'OW', Value: [] } },
      { pixelDataUri: () => 'http://x/frames/1' },
    );
    expect(json['7FE00010']).toEqual({ vr: 'OW', BulkDataURI: 'http://x/frames/1' });
  });
});

describe('lookups', () => {
  it('resolves keywords and tags through dcmjs’s dictionary', () => {
    expect(tagOf('StudyInstanceUID')).toBe('0020000D');
    expect(tagOf('0020000d')).toBe('0020000D');
    expect(tagOf('NoSuchKeyword')).toBeUndefined();
  });
  it('reads first values and picks attributes', () => {
    const json = {
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'a' }] },
      '00280008': { vr: 'IS', Value: ['3'] },
    };
    expect(firstText(json, '00100010')).toBe('a');
    expect(firstNumber(json, '00280008')).toBe(3);
    expect(pick(json, ['00280008', '00000000'])).toEqual({ '00280008': json['00280008'] });
  });
});
