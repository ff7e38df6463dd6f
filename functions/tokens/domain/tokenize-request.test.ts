import { describe, expect, it } from 'vitest';
import { checkTokenizeItems, MAX_BATCH } from './tokenize-request.ts';

const fields = (c: ReturnType<typeof checkTokenizeItems>) =>
  c.ok ? [] : c.errors.map((e) => `${e.field}: ${e.message}`);

describe('tokenize batch checks', () => {
  it('name every bad item without quoting its value', () => {
    const c = checkTokenizeItems([
      { field: 'shoe_size', value: 'SECRET-1' },
      { field: 'cedula', value: '   ' },
      { field: 'email', value: 'x'.repeat(1025) },
      { field: 'patient_id', value: 'SECRET-2' },
    ]);
    expect(c).toMatchObject({ ok: false, status: 400, slug: 'invalid-items' });
    expect(fields(c)).toEqual([
      'body.items.0.field: unknown field domain',
      'body.items.1.value: empty value',
      'body.items.2.value: over 1024 bytes',
      'body.items.3.issuer: required for this field',
    ]);
    expect(JSON.stringify(c)).not.toContain('SECRET');
  });

  it('measure the 1 KB limit in UTF-8 bytes', () => {
    expect(checkTokenizeItems([{ field: 'full_name', value: 'ñ'.repeat(512) }]).ok).toBe(true);
    expect(checkTokenizeItems([{ field: 'full_name', value: 'ñ'.repeat(513) }]).ok).toBe(false);
  });

  it('refuse empty batches and batches over 10,000 items', () => {
    const item = { field: 'cedula', value: '1' };
    expect(checkTokenizeItems(Array(MAX_BATCH).fill(item)).ok).toBe(true);
    expect(checkTokenizeItems(Array(MAX_BATCH + 1).fill(item))).toMatchObject({
      ok: false,
      slug: 'batch-size',
    });
    expect(checkTokenizeItems([])).toMatchObject({ ok: false, slug: 'batch-size' });
  });

  it('make a health center the issuer of its items and forbid naming another center', () => {
    const lab1 = { center: 'LAB-1', mayNameAny: false };
    const own = checkTokenizeItems([{ field: 'patient_id', value: '7' }], lab1);
    expect(own).toEqual({ ok: true, items: [{ field: 'patient_id', value: '7', issuer: 'LAB-1' }] });
    const other = checkTokenizeItems([{ field: 'patient_id', value: '7', issuer: 'LAB-2' }], lab1);
    expect(other).toMatchObject({ ok: false, status: 403, slug: 'forbidden-issuer' });
    expect(fields(other)).toEqual([
      'body.items.0.issuer: a health center is the issuer of its own identifiers only',
    ]);
  });

  it('let an admin (and in-process code) name any issuer, and require one for local identifiers', () => {
    const admin = { mayNameAny: true };
    expect(checkTokenizeItems([{ field: 'patient_id', value: '7', issuer: 'LAB-2' }], admin).ok).toBe(true);
    expect(fields(checkTokenizeItems([{ field: 'patient_id', value: '7' }], admin))).toEqual([
      'body.items.0.issuer: required for this field',
    ]);
    expect(checkTokenizeItems([{ field: 'cedula', value: '7' }], admin).ok).toBe(true);
  });
});
