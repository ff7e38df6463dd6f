import { describe, expect, it } from 'vitest';
import { deriveSubkey, fieldKeyFrom, pseudonymWith } from './keyring.ts';
import { pseudonymizeLines } from './pseudonym-lines.ts';

const seed = Buffer.alloc(32, 3);
const values = [
  'MRN-0001',
  'mrn.0001',
  'ÁLVARO núñez',
  ' 12 34 ',
  'A_B/C',
  'x'.repeat(1100),
  'Ana@Example.org',
];

describe('pseudonymizeLines', () => {
  it('gives exactly the per-value pseudonyms, for local and shared, identifier and free-text fields', () => {
    for (const [field, issuer] of [
      ['patient_id', 'center-a'],
      ['cedula', undefined],
      ['patient_name', 'center-b'],
    ] as const) {
      const fk = fieldKeyFrom(deriveSubkey(seed, `pseudonym:${field}`), field, 7);
      const out = pseudonymizeLines(fk, Buffer.from(`${values.join('\n')}\n`), issuer).toString('latin1');
      expect(out.split('\n')).toEqual([...values.map((v) => pseudonymWith(fk, v, issuer)), '']);
    }
  });

  it('accepts a last line without newline', () => {
    const fk = fieldKeyFrom(deriveSubkey(seed, 'pseudonym:cedula'), 'cedula', 1);
    expect(pseudonymizeLines(fk, Buffer.from('1\n2'), undefined).toString('latin1')).toBe(
      `${pseudonymWith(fk, '1', undefined)}\n${pseudonymWith(fk, '2', undefined)}\n`,
    );
  });
});
