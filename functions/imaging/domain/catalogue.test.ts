import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ImageView } from '../../../schemas/imaging/v1/image.view.ts';
import { ImageAnonymizedV1 } from '../../../schemas/imaging/v1/image-anonymized.event.ts';
import { keyringFromSeed } from '../../tokens/lib/index.ts';
import { anonymizedFacts } from './anonymized-facts.ts';
import { anonymizedEvent, catalogueRecord, imageView, shiftedIngestDate } from './catalogue.ts';

const keyring = keyringFromSeed(randomBytes(32), 3);
const center = { centerId: '7d1e5a8c-2b4f-4e0a-9c3d-5f6a7b8c9d0e', code: 'HSJ-BOG' };
const jpegOutcome = {
  status: 'anonymized' as const,
  format: 'jpeg' as const,
  attributes: { numberOfFrames: 1 },
  profileVersion: 'raster-strip/v1',
  keyVersion: 3,
  bytesOut: 193,
  sha256: 'a'.repeat(64),
};
const sidecar = { patientId: 'CNRY-PID-7731', pathology: 'J45.9', bodyPart: 'Tórax', modality: 'XC' };
const sealed = {
  v: 1 as const,
  alg: 'A256GCM-HKDF-SHA256' as const,
  keyVersion: 3,
  salt: 's',
  iv: 'i',
  ct: 'c',
  tag: 't',
};

const record = () =>
  catalogueRecord({
    imageId: '0b6f1c52-6f0e-8c55-9b43-3f1a2b9a7e10',
    center,
    uploadId: '0b6f1c52-6f0e-4c55-9b43-3f1a2b9a7e10',
    facts: anonymizedFacts(jpegOutcome, keyring, center.code, sidecar),
    object: 'images/HSJ-BOG/x.jpg',
    sidecar,
    history: sealed,
    receivedAt: new Date('2026-11-23T10:00:00Z'),
  });

describe('the catalogue record', () => {
  it('takes coded facts from the sidecar when the file has none, and a token instead of the patient id', () => {
    const r = record();
    expect(r).toMatchObject({ region: 'chest', modality: 'XC', category: 'chest/XC', pathology: 'J45.9' });
    expect(r.patientToken).toBe(keyring.pseudonym('patient_id', sidecar.patientId, center.code));
    expect(JSON.stringify(r)).not.toContain(sidecar.patientId);
  });

  it('shifts the ingest day by the patient’s offset and drops the time of day', () => {
    const offset = keyring.dateOffsetDays(center.code, sidecar.patientId);
    expect(offset).toBeLessThan(0);
    const day = new Date(Date.UTC(2026, 10, 23 + offset)).toISOString();
    expect(record().ingestedAt).toBe(day);
    expect(record().ingestedAt.endsWith('T00:00:00.000Z')).toBe(true);
    expect(shiftedIngestDate(new Date('2026-11-23T23:59:59.999Z'), 0)).toBe('2026-11-23T00:00:00.000Z');
  });

  it('records the linkage of its token: patient unless the engine linked by study', () => {
    expect(record().linkage).toBe('patient');
    const study = {
      ...jpegOutcome,
      attributes: { numberOfFrames: 1, patientToken: 'psn:study_uid:v3:x', linkage: 'study' as const },
    };
    const r = catalogueRecord({
      imageId: '0b6f1c52-6f0e-8c55-9b43-3f1a2b9a7e10',
      center,
      uploadId: '0b6f1c52-6f0e-4c55-9b43-3f1a2b9a7e10',
      facts: anonymizedFacts(study, keyring, center.code),
      object: 'images/HSJ-BOG/x.dcm',
      receivedAt: new Date('2026-11-23T10:00:00Z'),
    });
    expect(r).toMatchObject({ patientToken: 'psn:study_uid:v3:x', linkage: 'study' });
    expect(ImageAnonymizedV1.schema.parse(anonymizedEvent(r))).toMatchObject({ linkage: 'study' });
  });

  it('announces everything but the sealed history, in a valid ImageAnonymized', () => {
    const data = anonymizedEvent(record());
    expect(data).not.toHaveProperty('history');
    expect(ImageAnonymizedV1.schema.parse(data)).toEqual(data);
  });

  it('shows the history only when it was opened for the caller', () => {
    const hidden = imageView(record());
    expect(hidden).toMatchObject({ hasHistory: true });
    expect(hidden).not.toHaveProperty('history');
    expect(ImageView.parse(imageView(record(), 'asma'))).toMatchObject({ history: 'asma', hasHistory: true });
  });
});
