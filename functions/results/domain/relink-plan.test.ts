import { describe, expect, it } from 'vitest';
import { keyringFromSeed } from '../../tokens/lib/index.ts';
import { matchLegacyPseudonyms, planRelink, seedVersionsOf } from './relink-plan.ts';

const v1 = keyringFromSeed(Buffer.alloc(32, 1), 1);
const v2 = keyringFromSeed(Buffer.alloc(32, 2), 2);
const CENTER_ID = '0b7c9d52-3f0e-4a51-9a43-2f7f3b1d6c11';
const CODE = 'LAB-1';

describe('relinking legacy clinical results', () => {
  it('reads the seed versions of the legacy pseudonyms', () => {
    const results = [
      { id: 'a', patientPseudonym: v2.pseudonym('patient_id', 'X', CENTER_ID) },
      { id: 'b', patientPseudonym: v1.pseudonym('patient_id', 'Y', CENTER_ID) },
      { id: 'c', patientPseudonym: v2.pseudonym('patient_id', 'Z', CENTER_ID) },
    ];
    expect(seedVersionsOf(results)).toEqual([1, 2]);
  });

  it('finds the MRN behind each legacy pseudonym, under any version and either former issuer', () => {
    const byId = v1.pseudonym('patient_id', 'MRN-1', CENTER_ID);
    const byCode = v2.pseudonym('patient_id', 'MRN-2', CODE);
    const stranger = v1.pseudonym('patient_id', 'MRN-3', 'SOMEONE-ELSE');
    const found = matchLegacyPseudonyms(
      [' MRN-1 ', 'MRN-2', 'MRN-3', '', 'MRN-9'],
      [v1, v2],
      [CENTER_ID, CODE],
      new Set([byId, byCode, stranger]),
    );
    expect(Object.fromEntries(found)).toEqual({ [byId]: 'MRN-1', [byCode]: 'MRN-2' });
  });

  it('re-keys what it can and lists the rest untouched', () => {
    const plan = planRelink(
      [
        { id: 'a', patientPseudonym: 'psn:patient_id:v1:old-a' },
        { id: 'b', patientPseudonym: 'psn:patient_id:v1:old-b' },
        { id: 'c', patientPseudonym: 'psn:patient_id:v1:old-a' },
      ],
      new Map([['psn:patient_id:v1:old-a', 'psn:patient_id:v2:new-a']]),
    );
    expect(plan).toEqual({
      updates: [
        { id: 'a', from: 'psn:patient_id:v1:old-a', to: 'psn:patient_id:v2:new-a' },
        { id: 'c', from: 'psn:patient_id:v1:old-a', to: 'psn:patient_id:v2:new-a' },
      ],
      unmatched: ['b'],
    });
  });
});
