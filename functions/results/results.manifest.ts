/** The clinical results context's part of the function manifest. */
import {
  ClinicalResultRecordedV1,
  ClinicalResultViewedV1,
} from '../../schemas/results/v1/clinical-result.events.ts';
import { http, small } from '../manifest.helpers.ts';
import { type FunctionSpec, ROLES, type TopicSpec } from '../manifest.types.ts';

export const topics = {
  'results.events': { context: 'results', carries: [ClinicalResultRecordedV1, ClinicalResultViewedV1] },
} as const satisfies Record<string, TopicSpec>;

export const functions = {
  'record-result': {
    ...small,
    context: 'results',
    description: 'Records a clinical result: pseudonymised patient, sealed text (health center).',
    trigger: http('POST', '/results', ['health_center']),
  },
  'get-result': {
    ...small,
    context: 'results',
    description: 'Reads a clinical result: plaintext only where policy allows, audited; metadata otherwise.',
    trigger: http('GET', '/results/{id}', ROLES),
  },
} as const satisfies Record<string, FunctionSpec>;
