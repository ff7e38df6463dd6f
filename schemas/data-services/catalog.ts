/** Published message versions of the data-services context (frozen by their snapshots in `schemas/published/`). */
import type { MessageDef } from '../message.ts';
import { DATA_SERVICE_EVENTS } from './v1/data-service.events.ts';

export const catalog: readonly MessageDef[] = [...DATA_SERVICE_EVENTS];
