/** The imaging context's part of the function manifest. */
import { ImageAnonymizedV1 } from '../../schemas/imaging/v1/image-anonymized.event.ts';
import { ImageRejectedV1 } from '../../schemas/imaging/v1/image-rejected.event.ts';
import { http, pubsub, small, storage } from '../manifest.helpers.ts';
import type { FunctionSpec, TopicSpec } from '../manifest.types.ts';

export const topics = {
  'imaging.events': { context: 'imaging', carries: [ImageAnonymizedV1, ImageRejectedV1] },
} as const satisfies Record<string, TopicSpec>;

const readers = ['admin', 'expert', 'client'] as const;

export const functions = {
  'anonymize-upload': {
    ...small,
    // Streams through a spool file in /tmp (memory-backed on Cloud Run): sized for large studies.
    memory: '2Gi',
    timeoutSeconds: 540,
    concurrency: 4,
    maxInstances: 100,
    context: 'imaging',
    description: 'De-identifies each upload to the ingest bucket, catalogues it, or quarantines it.',
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
    description: 'Counts anonymized and rejected images per upload from imaging events.',
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
    description: 'Summarizes an upload: received, anonymized, rejected with reasons.',
    trigger: http('GET', '/uploads/{uploadId}', ['health_center', 'admin']),
  },
} as const satisfies Record<string, FunctionSpec>;
