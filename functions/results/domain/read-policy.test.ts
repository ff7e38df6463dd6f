import { describe, expect, it } from 'vitest';
import { readGrant } from './read-policy.ts';

describe('clinical result read policy', () => {
  it('gives the text to experts, re-identification officers and the owning center', () => {
    expect(readGrant({ uid: 'e', roles: ['expert'] }, 'c1')).toBe('plaintext');
    expect(readGrant({ uid: 'r', roles: ['reidentification_officer'] }, 'c1')).toBe('plaintext');
    expect(readGrant({ uid: 'h', roles: ['health_center'], centerId: 'c1' }, 'c1')).toBe('plaintext');
  });
  it('gives metadata only to another center, admins and clients', () => {
    expect(readGrant({ uid: 'h', roles: ['health_center'], centerId: 'c2' }, 'c1')).toBe('metadata');
    expect(readGrant({ uid: 'a', roles: ['admin'] }, 'c1')).toBe('metadata');
    expect(readGrant({ uid: 'c', roles: ['client'] }, 'c1')).toBe('metadata');
  });
});
