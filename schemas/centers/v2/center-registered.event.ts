/** CenterRegistered v2: as v1, plus the center's country (required, so a breaking change and a new version). */
import type { z } from 'zod';
import { defineEvent } from '../../message.ts';
import { CountryCode } from '../v1/center.fields.ts';
import { CenterRegisteredV1 } from '../v1/center-registered.event.ts';

export const CenterRegisteredV2 = defineEvent(
  'centers',
  'registered',
  2,
  CenterRegisteredV1.schema.extend({ country: CountryCode }),
);
export type CenterRegisteredV2Data = z.infer<typeof CenterRegisteredV2.schema>;
