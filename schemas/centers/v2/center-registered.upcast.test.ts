import { describe, expect, it } from 'vitest';
import { CenterRegisteredV1 } from '../v1/center-registered.event.ts';
import { CenterRegisteredV2 } from './center-registered.event.ts';
import { upcastCenterRegisteredV1 } from './center-registered.upcast.ts';

const v1 = CenterRegisteredV1.schema.parse({
  centerId: '6f1c1d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f',
  code: 'HSJ-BOG',
  name: 'Hospital San José',
  city: 'Bogotá',
  contactEmail: 'imagenes@hsj.example',
  registeredAt: '2026-11-23T10:00:00.000Z',
});

describe('CenterRegistered v1 → v2', () => {
  it('is a breaking change: v1 data is not valid v2 data', () => {
    expect(CenterRegisteredV2.schema.safeParse(v1).success).toBe(false);
  });

  it('keeps every v1 field and records the center as Colombian', () => {
    const v2 = upcastCenterRegisteredV1(v1);
    expect(v2).toEqual({ ...v1, country: 'CO' });
    expect(CenterRegisteredV2.schema.parse(v2)).toEqual(v2);
  });

  it('is pure: the v1 data is left as it was', () => {
    const before = structuredClone(v1);
    upcastCenterRegisteredV1(v1);
    expect(v1).toEqual(before);
  });
});
