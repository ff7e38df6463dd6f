import { describe, expect, it } from 'vitest';
import type { Entry } from './qido-results.ts';
import { hasGroups, qidoPage } from './qido-results.ts';

const entry = (study: string, series: string, sop: string, modality = 'CT'): Entry => ({
  study,
  series,
  sop,
  dicomModality: modality,
  attrs: {
    study: { '0020000D': { vr: 'UI', Value: [study] }, '00100020': { vr: 'LO', Value: ['psn:p'] } },
    series: { '0020000E': { vr: 'UI', Value: [series] }, '00080060': { vr: 'CS', Value: [modality] } },
    instance: { '00080018': { vr: 'UI', Value: [sop] } },
  },
});
const entries = [
  entry('1.1', '1.1.1', 'a'),
  entry('1.1', '1.1.2', 'b', 'MR'),
  entry('1.1', '1.1.2', 'c', 'MR'),
  entry('1.2', '1.2.1', 'd'),
];
const ctx = { scoped: 'none' as const, include: [] as string[], baseUrl: 'http://h/dicomweb' };

describe('qidoPage', () => {
  it('answers one result per study with counts, modalities and the retrieve URL', () => {
    const [first, second] = qidoPage(entries, { offset: 0, limit: 10 }, { ...ctx, level: 'studies' });
    expect(first?.['00080061']).toEqual({ vr: 'CS', Value: ['CT', 'MR'] });
    expect(first?.['00201206']).toEqual({ vr: 'IS', Value: [2] });
    expect(first?.['00201208']).toEqual({ vr: 'IS', Value: [3] });
    expect(first?.['00081190']).toEqual({ vr: 'UR', Value: ['http://h/dicomweb/studies/1.1'] });
    expect(first?.['00080056']).toEqual({ vr: 'CS', Value: ['ONLINE'] });
    expect(second?.['0020000D']).toEqual({ vr: 'UI', Value: ['1.2'] });
  });
  it('pages by offset and limit over the level’s groups', () => {
    const page = qidoPage(entries, { offset: 1, limit: 2 }, { ...ctx, level: 'series' });
    expect(page.map((r) => r['0020000E']?.Value)).toEqual([['1.1.2'], ['1.2.1']]);
    expect(page[0]?.['00201209']).toEqual({ vr: 'IS', Value: [2] });
  });
  it('adds study attributes to series and instances only out of a study’s scope or when included', () => {
    const scoped = qidoPage(entries, { offset: 0, limit: 1 }, { ...ctx, scoped: 'study', level: 'series' });
    expect(scoped[0]?.['00100020']).toBeUndefined();
    const all = qidoPage(
      entries,
      { offset: 0, limit: 1 },
      { ...ctx, scoped: 'series', include: 'all', level: 'instances' },
    );
    expect(all[0]?.['00100020']).toBeDefined();
    expect(all[0]?.['00081190']?.Value).toEqual(['http://h/dicomweb/studies/1.1/series/1.1.1/instances/a']);
  });
});

describe('hasGroups', () => {
  it('is true once more groups than needed were seen', () => {
    expect(hasGroups('studies', entries, 1)).toBe(true);
    expect(hasGroups('studies', entries, 2)).toBe(false);
    expect(hasGroups('instances', entries, 3)).toBe(true);
  });
});
