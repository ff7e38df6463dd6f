import { describe, expect, it } from 'vitest';
import { canonicalize, fieldDomain } from './fields.ts';

const slow = (identifier: boolean, v: string) => {
  const folded = v.trim().normalize('NFC').toLowerCase();
  return identifier ? folded.replace(/[\s\-./_]+/g, '') : folded;
};

describe('canonicalize', () => {
  it('gives the same canonical form on the ASCII fast path as on the full Unicode path', () => {
    const samples = [
      'MRN-00-12.3/4_5',
      'Ana.Perez@Example.ORG',
      '  12 345 678 ',
      'ÁLVARO_Núñez',
      'Jose\u0301',
      'a\tb',
      '',
    ];
    for (const field of ['patient_id', 'email']) {
      const d = fieldDomain(field);
      for (const s of samples) expect(canonicalize(d, s)).toBe(slow(d.identifier, s));
    }
  });

  it('makes separators insignificant for identifiers only, and composes Unicode (NFC)', () => {
    expect(canonicalize(fieldDomain('cedula'), ' 1.023-456 789 ')).toBe('1023456789');
    expect(canonicalize(fieldDomain('full_name'), 'Ana  María')).toBe('ana  maría');
    expect(canonicalize(fieldDomain('full_name'), 'Jose\u0301')).toBe(
      canonicalize(fieldDomain('full_name'), 'José'),
    );
  });
});
