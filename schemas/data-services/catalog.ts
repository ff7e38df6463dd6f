/** Published message versions of the data-services context (frozen by their snapshots in `schemas/published/`). */
import type { MessageDef } from '../message.ts';

export const catalog: readonly MessageDef[] = [];
