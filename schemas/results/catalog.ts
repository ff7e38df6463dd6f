/** Published message versions of the results context (frozen by their snapshots in `schemas/published/`). */
import type { MessageDef } from '../message.ts';

export const catalog: readonly MessageDef[] = [];
