import { describe, expect, it } from 'vitest';
import { decideIngest, decideSidecar, type IngestFacts } from './image.decider.ts';
import { parseUploadPath } from './upload-path.ts';

const UPLOAD = '0b6f1c52-6f0e-4c55-9b43-3f1a2b9a7e10';
const center = { centerId: '7d1e5a8c-2b4f-4e0a-9c3d-5f6a7b8c9d0e', code: 'HSJ-BOG' };
const facts = (over: Partial<IngestFacts> = {}): IngestFacts => ({
  path: parseUploadPath(`centers/HSJ-BOG/${UPLOAD}/study/IM0001`),
  size: 1000,
  maxBytes: 5000,
  center,
  ...over,
});

describe('deciding what happens to an ingest object', () => {
  it('sends a registered center’s image under its prefix to the anonymizer, with its sidecar', () => {
    const sidecar = { ok: true as const, sidecar: { pathology: 'J18.9' } };
    expect(decideIngest(facts({ sidecar }))).toEqual({
      action: 'anonymize',
      center,
      uploadId: UPLOAD,
      sidecar: { pathology: 'J18.9' },
    });
  });

  it.each([
    ['outside-prefix', { path: parseUploadPath('loose/file.dcm') }],
    ['outside-prefix', { path: parseUploadPath('centers/HSJ-BOG/not-a-uuid/file.dcm') }],
    ['unregistered-center', { center: undefined }],
    ['empty-file', { size: 0 }],
    ['too-large', { size: 5001 }],
    ['invalid-sidecar', { sidecar: { ok: false as const, fields: ['pathology'] } }],
  ] as const)('rejects with %s', (reason, over) => {
    expect(decideIngest(facts(over as Partial<IngestFacts>))).toMatchObject({ action: 'reject', reason });
  });

  it('names failing sidecar fields, never their values', () => {
    const d = decideIngest(facts({ sidecar: { ok: false, fields: ['birthDate', 'extra'] } }));
    expect(d).toMatchObject({ detail: 'invalid sidecar fields: birthDate, extra' });
  });

  it('lets a sidecar wait for its image, and quarantines one that came after it', () => {
    expect(decideSidecar({ imageAlreadyProcessed: false })).toEqual({ action: 'wait' });
    expect(decideSidecar({ imageAlreadyProcessed: true })).toMatchObject({ reason: 'late-sidecar' });
  });
});
