/** Published message versions of the clinical results context (frozen by their snapshots in `schemas/published/`). */
import type { MessageDef } from '../message.ts';
import { ClinicalResultRecordedV1, ClinicalResultViewedV1 } from './v1/clinical-result.events.ts';

export const catalog: readonly MessageDef[] = [ClinicalResultRecordedV1, ClinicalResultViewedV1];
