import { describe, expect, it } from 'vitest';
import { parseSidecarJson, sidecarFromMetadata } from './sidecar.ts';

describe('the clinical sidecar', () => {
  it('accepts the documented fields', () => {
    const r = parseSidecarJson(JSON.stringify({ patientId: 'P-1', pathology: 'J18.9', history: 'asthma' }));
    expect(r).toEqual({ ok: true, sidecar: { patientId: 'P-1', pathology: 'J18.9', history: 'asthma' } });
  });

  it('names what is wrong without echoing values', () => {
    expect(parseSidecarJson('{not json')).toEqual({ ok: false, fields: ['(json)'] });
    const r = parseSidecarJson(JSON.stringify({ birthDate: '03/02/1961', nickname: 'Zelda' }));
    expect(r).toEqual({ ok: false, fields: expect.arrayContaining(['birthDate', 'nickname']) });
    expect(JSON.stringify(r)).not.toContain('Zelda');
  });

  it('reads the same fields from object metadata, ignoring other keys', () => {
    expect(sidecarFromMetadata({ pathology: 'C34', 'x-test-fault': 'none' })).toEqual({
      ok: true,
      sidecar: { pathology: 'C34' },
    });
  });
});
