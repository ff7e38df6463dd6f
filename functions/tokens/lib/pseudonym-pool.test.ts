import { afterAll, describe, expect, it } from 'vitest';
import { keyringFromSeed } from '../domain/keyring.ts';
import { createPseudonymPool } from './pseudonym-pool.ts';

const pool = createPseudonymPool(2);
afterAll(() => pool.close());

describe('pseudonym pool', () => {
  it('gives exactly the keyring’s pseudonyms, in order, across chunks and workers', async () => {
    const ring = keyringFromSeed(Buffer.alloc(32, 5), 2);
    const values = Array.from({ length: 45_001 }, (_, i) => `MRN-${i}`);
    const tokens = await pool.pseudonymize(ring, 'patient_id', values, 'center-a');
    expect(tokens).toHaveLength(values.length);
    for (const i of [0, 19_999, 20_000, 45_000])
      expect(tokens[i]).toBe(ring.pseudonym('patient_id', values[i] as string, 'center-a'));
  }, 30_000); // worker start-up compiles TypeScript

  it('pseudonymizes newline-separated bytes in order (the bulk path)', async () => {
    const ring = keyringFromSeed(Buffer.alloc(32, 6), 1);
    const values = Array.from({ length: 60_000 }, (_, i) => `${i}.${i % 7}`);
    const out = await pool.pseudonymizeLines(ring, 'cedula', Buffer.from(`${values.join('\n')}\n`));
    const tokens = out.toString('latin1').split('\n');
    expect(tokens).toHaveLength(values.length + 1);
    for (const i of [0, 31_337, 59_999])
      expect(tokens[i]).toBe(ring.pseudonym('cedula', values[i] as string));
  }, 30_000);
});
