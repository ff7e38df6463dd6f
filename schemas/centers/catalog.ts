/** Published message versions of the centers context (frozen by their snapshots in `schemas/published/`). */
import type { MessageDef } from '../message.ts';
import { CenterRegisteredV1 } from './v1/center-registered.event.ts';
import { RegisterCenterV1 } from './v1/register-center.command.ts';
import { CenterRegisteredV2 } from './v2/center-registered.event.ts';

export const catalog: readonly MessageDef[] = [RegisterCenterV1, CenterRegisteredV1, CenterRegisteredV2];
