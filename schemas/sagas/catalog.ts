/** Published message versions of the sagas context (frozen by their snapshots in `schemas/published/`). */
import type { MessageDef } from '../message.ts';
import { NotificationRequestedV1 } from './v1/notification-requested.event.ts';

export const catalog: readonly MessageDef[] = [NotificationRequestedV1];
