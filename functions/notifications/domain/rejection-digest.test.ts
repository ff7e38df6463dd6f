import { describe, expect, it } from 'vitest';
import { addRejection } from './rejection-digest.ts';

describe('rejection digest', () => {
  it('counts rejections of an upload and lists each reason code once', () => {
    let v = addRejection(undefined, 'u1', 'not-dicom');
    v = addRejection(v, 'u1', 'burned-in-text');
    v = addRejection(v, 'u1', 'not-dicom');
    expect(v).toEqual({ uploadId: 'u1', count: 3, reasons: 'burned-in-text, not-dicom' });
  });
});
