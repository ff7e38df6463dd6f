import { describe, expect, it } from 'vitest';
import { baselineJpeg, jpegMetadataSegments, withSegments } from '../fixtures/jpeg-fixtures.ts';
import { baseDataset, file, run } from './dicom/test/support.ts';

describe('anonymize() dispatches by content, never by name', () => {
  it('sends DICOM to the Annex E engine', async () => {
    const r = await run(file(baseDataset()));
    expect(r.outcome).toMatchObject({
      status: 'anonymized',
      format: 'dicom',
      profileVersion: 'ps3.15-e1-1/v2',
      keyVersion: 1,
    });
  });

  it('strips a JPEG’s metadata segments and hashes what it wrote', async () => {
    const segments = jpegMetadataSegments('CANARY-JPEG');
    const jpeg = withSegments(baselineJpeg({ width: 16, height: 16 }), segments.com, segments.app15);
    const r = await run(jpeg);
    expect(r.outcome).toMatchObject({ status: 'anonymized', format: 'jpeg', bytesOut: r.out.length });
    expect(r.out.includes(Buffer.from('CANARY-JPEG'))).toBe(false);
  });

  it('rejects a broken JPEG without leaking its failure text as PHI', async () => {
    const jpeg = baselineJpeg({ width: 16, height: 16 });
    const r = await run(jpeg.subarray(0, 40));
    expect(r.outcome).toMatchObject({ status: 'rejected' });
  });
});
