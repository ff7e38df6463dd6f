import { describe, expect, it } from 'vitest';
import { CenterRegisteredV1 } from '../v1/center-registered.event.ts';
import { centerRegisteredV1Data } from '../v1/center-registered.fixture.ts';
import { CenterRegisteredV2 } from './center-registered.event.ts';
import { upcastCenterRegisteredV1 } from './center-registered.upcast.ts';

const v1 = CenterRegisteredV1.schema.parse(centerRegisteredV1Data);

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
