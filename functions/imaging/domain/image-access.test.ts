import { describe, expect, it } from 'vitest';
import { accessOf, mayRead, narrow } from './image-access.ts';

const ct = { imageId: 'i-ct', centerCode: 'A01', modality: 'CT', region: 'chest' };
const mr = { imageId: 'i-mr', centerCode: 'B02', modality: 'MR', region: 'head', pathology: 'J18' };

describe('catalogue access', () => {
  it('gives admins and experts the whole catalogue, whatever else they hold', () => {
    for (const roles of [['admin'], ['expert'], ['client', 'expert']] as const) {
      const access = accessOf(roles, {});
      expect(access).toEqual({ kind: 'all' });
      expect(mayRead(access, ct) && mayRead(access, mr)).toBe(true);
    }
  });

  it('gives a center its own uploads only, and nothing before its code is known', () => {
    const access = accessOf(['health_center'], { centerCode: 'A01' });
    expect([mayRead(access, ct), mayRead(access, mr)]).toEqual([true, false]);
    expect(mayRead(accessOf(['health_center'], {}), ct)).toBe(false);
  });

  it('gives a client exactly what its granted datasets match, and nothing without a grant', () => {
    const chestCt = accessOf(['client'], { granted: [{ modality: 'CT', region: 'chest' }] });
    expect([mayRead(chestCt, ct), mayRead(chestCt, mr)]).toEqual([true, false]);
    expect(mayRead(accessOf(['client'], { granted: [] }), ct)).toBe(false);
    expect(mayRead(accessOf(['client'], {}), ct)).toBe(false);
  });

  it('holds an explicit manifest to its listed ids, within its filters', () => {
    const listed = accessOf(['client'], { granted: [{ modality: 'MR', imageIds: ['i-mr', 'i-ct'] }] });
    expect([mayRead(listed, mr), mayRead(listed, ct)]).toEqual([true, false]);
  });

  it('ignores roles that grant nothing here', () => {
    expect(mayRead(accessOf(['privacy_officer'], { granted: [{}] }), ct)).toBe(false);
  });

  it('narrows a search to one search per agreeing grant, merged with the filters', () => {
    const access = accessOf(['client'], {
      granted: [{ modality: 'CT', region: 'chest' }, { modality: 'MR' }, { center: 'B02', imageIds: ['x'] }],
    });
    expect(narrow(access, { modality: 'MR', center: 'B02' })).toEqual([
      { filters: { modality: 'MR', center: 'B02' } },
      { filters: { modality: 'MR', center: 'B02' }, imageIds: ['x'] },
    ]);
    // Only the explicit manifest has no modality to disagree with; a search no grant agrees with is empty.
    expect(narrow(access, { modality: 'US' })).toEqual([
      { filters: { modality: 'US', center: 'B02' }, imageIds: ['x'] },
    ]);
    expect(narrow(access, { modality: 'US', center: 'A01' })).toEqual([]);
    expect(narrow({ kind: 'all' }, { region: 'head' })).toEqual([{ filters: { region: 'head' } }]);
  });
});
