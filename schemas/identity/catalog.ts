/** Published message versions of the identity context (frozen by their snapshots in `schemas/published/`). */
import type { MessageDef } from '../message.ts';
import { UserRegisteredV1 } from './v1/user-registered.event.ts';

export const catalog: readonly MessageDef[] = [UserRegisteredV1];
