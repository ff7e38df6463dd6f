/** Upcasts CenterRegistered v1 to v2 (pure): a v1 center is Colombian, the only country served before v2. */

import { DEFAULT_COUNTRY } from '../v1/center.fields.ts';
import type { CenterRegistered as CenterRegisteredV1Data } from '../v1/center-registered.event.ts';
import type { CenterRegisteredV2Data } from './center-registered.event.ts';

export const upcastCenterRegisteredV1 = (v1: CenterRegisteredV1Data): CenterRegisteredV2Data => ({
  ...v1,
  country: DEFAULT_COUNTRY,
});
