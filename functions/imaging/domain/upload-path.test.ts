import { describe, expect, it } from 'vitest';
import { imageIdOf } from './image-id.ts';
import { imageNameOf, parseUploadPath, sidecarNameOf } from './upload-path.ts';

const U = '0b6f1c52-6f0e-4c55-9b43-3f1a2b9a7e10';

describe('upload paths', () => {
  it('reads center code, upload id and file; `.json` is a sidecar', () => {
    expect(parseUploadPath(`centers/HSJ-BOG/${U}/a/b.dcm`)).toEqual({
      kind: 'image',
      centerCode: 'HSJ-BOG',
      uploadId: U,
      file: 'a/b.dcm',
    });
    expect(parseUploadPath(`centers/HSJ-BOG/${U}/b.dcm.json`)).toMatchObject({ kind: 'sidecar' });
    expect(imageNameOf(sidecarNameOf('x/y.dcm'))).toBe('x/y.dcm');
  });

  it.each([
    'x.dcm',
    `centers/HSJ-BOG/${U}`,
    `centers/hsj/${U}/x.dcm`,
    'centers/HSJ-BOG/batch-1/x.dcm',
    `centers/HSJ-BOG/${U}/../x.dcm`,
    `other/HSJ-BOG/${U}/x.dcm`,
  ])('puts %s outside the prefix', (name) => {
    expect(parseUploadPath(name)).toEqual({ kind: 'outside' });
  });

  it('derives the same UUID image id from the same object generation, another from the next', () => {
    const a = imageIdOf('ingest', 'centers/X/1/a', '1');
    expect(imageIdOf('ingest', 'centers/X/1/a', '1')).toBe(a);
    expect(imageIdOf('ingest', 'centers/X/1/a', '2')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
