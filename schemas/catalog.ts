/** Every published message version. A version listed here is frozen by its snapshot in `schemas/published/`. */
import { CenterRegisteredV1 } from './centers/v1/center-registered.event.ts';
import { RegisterCenterV1 } from './centers/v1/register-center.command.ts';
import { CenterRegisteredV2 } from './centers/v2/center-registered.event.ts';
import type { MessageDef } from './message.ts';

// Older versions stay listed after their producer moves on: messages of that version may still be in
// flight or replayed, and their snapshot keeps guarding them.
export const catalog: readonly MessageDef[] = [RegisterCenterV1, CenterRegisteredV1, CenterRegisteredV2];
