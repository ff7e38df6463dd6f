/** The data-services context's part of the function manifest. */
import { DATA_SERVICE_EVENTS } from '../../schemas/data-services/v1/data-service.events.ts';
import { ImageAnonymizedV1 } from '../../schemas/imaging/v1/image-anonymized.event.ts';
import { http, planStep, pubsub, small } from '../manifest.helpers.ts';
import type { FunctionSpec, TopicSpec } from '../manifest.types.ts';

const ctx = { ...small, context: 'data-services' } as const;

export const topics = {
  'data-services.events': { context: 'data-services', carries: DATA_SERVICE_EVENTS },
} as const satisfies Record<string, TopicSpec>;

export const functions = {
  'saga-create-data-service': {
    ...ctx,
    description: 'Saga step (CreateDataService): creates the data service a plan provisions.',
    trigger: planStep('/'),
  },
  'saga-assign-expert': {
    ...ctx,
    description: 'Saga step (AssignExpert): assigns an expert with spare capacity.',
    trigger: planStep('/'),
  },
  'saga-start-data-service': {
    ...ctx,
    description: 'Saga step (StartDataService): grants the dataset manifest of matching anonymized images.',
    trigger: planStep('/'),
  },
  'saga-terminate-data-service': {
    ...ctx,
    description: 'Saga compensation (TerminateDataService): revokes access, releases the expert, terminates.',
    trigger: planStep('/'),
  },
  'project-dataset-images': {
    ...ctx,
    description:
      'Indexes anonymized images (ImageAnonymized) by modality, region and pathology for dataset manifests.',
    // Rejected and held images never become dataset images.
    trigger: pubsub('imaging.events', [ImageAnonymizedV1]),
  },
  'get-data-service': {
    ...ctx,
    description: 'Reads one data service.',
    trigger: http('GET', '/data-services/{id}', ['admin', 'client', 'expert']),
  },
  'put-expert': {
    ...ctx,
    description: 'Registers an expert or changes their capacity.',
    trigger: http('PUT', '/experts/{id}', ['admin']),
  },
  'list-experts': {
    ...ctx,
    description: 'Lists the expert registry with load and spare capacity.',
    trigger: http('GET', '/experts', ['admin']),
  },
} as const satisfies Record<string, FunctionSpec>;
