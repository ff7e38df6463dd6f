import { describe, expect, it } from 'vitest';
import { parseDateRange, parseQido } from './qido-query.ts';

const ok = (r: ReturnType<typeof parseQido>) => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
};

describe('parseQido', () => {
  it('reads keys by keyword or tag, with defaults for limit and offset', () => {
    const r = ok(
      parseQido('studies', { PatientID: 'psn:x', '00080060': 'CT', StudyDate: '20240101-20240131' }),
    );
    expect(r.search).toEqual({
      match: { patientId: ['psn:x'], dicomModality: ['CT'] },
      studyDate: { from: '20240101', to: '20240131' },
      limit: 100,
      offset: 0,
      include: [],
    });
  });
  it('takes UID lists and treats empty or * as universal matching', () => {
    const r = ok(
      parseQido('studies', { StudyInstanceUID: '1.2.3,1.2.4', PatientID: '*', BodyPartExamined: '' }),
    );
    expect(r.search.match).toEqual({ study: ['1.2.3', '1.2.4'] });
  });
  it('reads includefield as keywords, tags or all', () => {
    expect(ok(parseQido('series', { includefield: ['StudyDate', '00100020'] })).search.include).toEqual([
      '00080020',
      '00100020',
    ]);
    expect(ok(parseQido('series', { includefield: 'StudyDate,all' })).search.include).toBe('all');
  });
  it('caps limit with a warning and refuses bad values with the field named', () => {
    const capped = ok(parseQido('instances', { limit: '5000' }));
    expect(capped.search.limit).toBe(1000);
    expect(capped.warnings).toHaveLength(1);
    const bad = parseQido('studies', {
      limit: '0',
      offset: '-1',
      StudyDate: '2024',
      PatientName: 'DOE*',
      SOPInstanceUID: '1.2',
      Nonsense: 'x',
      PatientID: 'AB*',
      includefield: 'NotAKeyword',
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors.map((e) => e.field).sort()).toEqual(
        [
          'query.limit',
          'query.offset',
          'query.StudyDate',
          'query.PatientName',
          'query.SOPInstanceUID',
          'query.Nonsense',
          'query.PatientID',
          'query.includefield',
        ].sort(),
      );
  });
});

describe('parseDateRange', () => {
  it('reads a date, a closed range and open ranges; refuses impossible dates and reversed ranges', () => {
    expect(parseDateRange('20240229')).toEqual({ from: '20240229', to: '20240229' });
    expect(parseDateRange('-20240101')).toEqual({ to: '20240101' });
    expect(parseDateRange('20240101-')).toEqual({ from: '20240101' });
    expect(parseDateRange('20230229')).toBeUndefined();
    expect(parseDateRange('20240201-20240101')).toBeUndefined();
    expect(parseDateRange('-')).toBeUndefined();
  });
});
