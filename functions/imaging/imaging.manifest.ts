/** The imaging context's part of the function manifest. */
import { ImageAnonymizedV1 } from '../../schemas/imaging/v1/image-anonymized.event.ts';
import { ImageHeldForReviewV1 } from '../../schemas/imaging/v1/image-held-for-review.event.ts';
import { ImageRejectedV1 } from '../../schemas/imaging/v1/image-rejected.event.ts';
import { http, pubsub, small, storage } from '../manifest.helpers.ts';
import type { FunctionSpec, TopicSpec } from '../manifest.types.ts';

export const topics = {
  'imaging.events': {
    context: 'imaging',
    carries: [ImageAnonymizedV1, ImageRejectedV1, ImageHeldForReviewV1],
  },
} as const satisfies Record<string, TopicSpec>;

const readers = ['admin', 'expert', 'client'] as const;

export const functions = {
  'anonymize-upload': {
    ...small,
    // Streams the original from ingest through the engine straight into the anonymized bucket (resumable
    // upload, 8 MiB chunks): no spool. A 2 GB file peaks under 256 MB RSS; 1 GiB leaves room for 4 at once.
    memory: '1Gi',
    timeoutSeconds: 540,
    concurrency: 4,
    maxInstances: 100,
    context: 'imaging',
    description:
      'De-identifies each upload to the ingest bucket and publishes it, holds it for review, or quarantines it.',
    trigger: storage('ingest'),
  },
  'project-imaging-centers': {
    ...small,
    context: 'imaging',
    description: 'Keeps the imaging list of registered centers (by code) from centers events.',
    trigger: pubsub('centers.events'),
  },
  'project-upload-summaries': {
    ...small,
    context: 'imaging',
    description: 'Counts anonymized, held and rejected images per upload from imaging events.',
    trigger: pubsub('imaging.events'),
  },
  'get-image': {
    ...small,
    context: 'imaging',
    description: 'Reads one catalogued image (ObtenerImagenAnonimizada).',
    trigger: http('GET', '/images/{id}', [...readers]),
  },
  'list-images': {
    ...small,
    context: 'imaging',
    description: 'Searches the catalogue by modality, region, pathology, center and ingest date.',
    trigger: http('GET', '/images', [...readers]),
  },
  'get-image-download': {
    ...small,
    context: 'imaging',
    description: 'Issues a short-lived signed URL to an anonymized image.',
    trigger: http('GET', '/images/{id}/download', ['admin', 'expert']),
  },
  'create-upload': {
    ...small,
    context: 'imaging',
    description: 'Opens a resumable upload into the caller center’s ingest folder.',
    trigger: http('POST', '/uploads', ['health_center']),
  },
  'get-upload': {
    ...small,
    context: 'imaging',
    description: 'Summarizes an upload: counts with reasons, and per-file outcomes with details (paginated).',
    trigger: http('GET', '/uploads/{uploadId}', ['health_center', 'admin']),
  },
  'put-center-imaging-policy': {
    ...small,
    context: 'imaging',
    description: 'Sets a center’s imaging ingest policy (patient ids required, burned-in risk).',
    trigger: http('PUT', '/centers/{code}/imaging-policy', ['admin']),
  },
  'get-center-imaging-policy': {
    ...small,
    context: 'imaging',
    description: 'Reads a center’s imaging ingest policy (the defaults when never set).',
    trigger: http('GET', '/centers/{code}/imaging-policy', ['admin']),
  },
} as const satisfies Record<string, FunctionSpec>;
