/** Published message versions of the notifications context (frozen by their snapshots in `schemas/published/`). */
import type { MessageDef } from '../message.ts';
import { DeliverNotificationV1 } from './v1/deliver-notification.command.ts';
import {
  NotificationConfirmedV1,
  NotificationCreatedV1,
  NotificationFailedV1,
  NotificationSentV1,
} from './v1/notification-integration.events.ts';

export const catalog: readonly MessageDef[] = [
  DeliverNotificationV1,
  NotificationCreatedV1,
  NotificationSentV1,
  NotificationFailedV1,
  NotificationConfirmedV1,
];
