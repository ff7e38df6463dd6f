import { describe, expect, it } from 'vitest';
import { attributeName, DEFAULT_OPTIONS, type ProfileOptions, profileSize, publicAction } from './profile.ts';

const opts = (o: Partial<ProfileOptions> = {}): ProfileOptions => ({
  ...DEFAULT_OPTIONS,
  retainLongitudinalModifiedDates: false,
  ...o,
});

describe('the Basic Profile table (PS3.15 Table E.1-1)', () => {
  it('lists the whole table, names included', () => {
    expect(profileSize()).toBeGreaterThan(450);
    expect(attributeName(0x00100010)).toBe("Patient's Name");
    expect(attributeName(0x00189367)).toBe('X-Ray Source ID');
  });

  it('resolves each action code: X remove, Z empty, D dummy, U remap, and the combinations', () => {
    expect(publicAction(0x00081080, 'LO', opts())).toBe('remove'); // X
    expect(publicAction(0x00080050, 'SH', opts())).toBe('empty'); // Z
    expect(publicAction(0x0040a027, 'LO', opts())).toBe('dummy'); // D
    expect(publicAction(0x0020000d, 'UI', opts())).toBe('remap-uid'); // U
    expect(publicAction(0x22000005, 'LO', opts())).toBe('empty'); // X/Z
    expect(publicAction(0x00181030, 'LO', opts())).toBe('dummy'); // X/D
    expect(publicAction(0x00080080, 'LO', opts())).toBe('dummy'); // X/Z/D
    expect(publicAction(0x00080023, 'DA', opts())).toBe('dummy'); // Z/D
    expect(publicAction(0x00081140, 'SQ', opts())).toBe('recurse'); // X/Z/U*
    expect(publicAction(0x0040a730, 'SQ', opts())).toBe('recurse'); // D on a sequence
    expect(publicAction(0x00280010, 'US', opts())).toBe('keep'); // not listed
  });

  it('applies the option columns when the option is on', () => {
    expect(publicAction(0x00080020, 'DA', opts())).toBe('empty');
    expect(publicAction(0x00080020, 'DA', opts({ retainLongitudinalModifiedDates: true }))).toBe('clean');
    expect(publicAction(0x00100040, 'CS', opts({ retainPatientCharacteristics: true }))).toBe('keep');
    expect(publicAction(0x00081010, 'SH', opts({ retainDeviceIdentity: true }))).toBe('keep');
    expect(publicAction(0x00081030, 'LO', opts({ cleanDescriptors: true }))).toBe('clean');
    expect(publicAction(0x00081084, 'SQ', opts({ cleanDescriptors: true }))).toBe('recurse');
  });

  it('removes curves and whole overlay groups', () => {
    expect(publicAction(0x50000010, 'US', opts())).toBe('remove');
    expect(publicAction(0x60024000, 'LT', opts())).toBe('remove');
    expect(publicAction(0x60000022, 'LO', opts())).toBe('remove');
    expect(publicAction(0x60003000, 'OW', opts())).toBe('remove');
  });
});
