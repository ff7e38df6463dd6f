/** The imaging context's part of the function manifest. */
import { CenterRegisteredV2 } from '../../schemas/centers/v2/center-registered.event.ts';
import { DataServiceTerminatedV1 } from '../../schemas/data-services/v1/data-service.events.ts';
import { ImageAnonymizedV1 } from '../../schemas/imaging/v1/image-anonymized.event.ts';
import { ImageHeldForReviewV1 } from '../../schemas/imaging/v1/image-held-for-review.event.ts';
import { ImageRejectedV1 } from '../../schemas/imaging/v1/image-rejected.event.ts';
import { ReprocessBacklogV1 } from '../../schemas/imaging/v1/reprocess-backlog.command.ts';
import { ReprocessQuarantinedV1 } from '../../schemas/imaging/v1/reprocess-quarantined.command.ts';
import { SUBSCRIPTION_EVENTS } from '../../schemas/subscriptions/v1/subscription.events.ts';
import { http, pubsub, small, storage } from '../manifest.helpers.ts';
import type { FunctionSpec, TopicSpec } from '../manifest.types.ts';
import { dicomwebFunctions } from './dicomweb.manifest.ts';

export const topics = {
  'imaging.events': {
    context: 'imaging',
    carries: [ImageAnonymizedV1, ImageRejectedV1, ImageHeldForReviewV1],
  },
  // Quarantine review: one item per message, and a backlog one page per message (fan-out in bounded steps).
  'imaging.reprocess-quarantined': { context: 'imaging', carries: [ReprocessQuarantinedV1] },
  'imaging.reprocess-backlog': { context: 'imaging', carries: [ReprocessBacklogV1] },
} as const satisfies Record<string, TopicSpec>;

// Every reader's view is narrowed to its grant (domain/image-access.ts): centers see their own uploads.
const readers = ['admin', 'expert', 'client', 'health_center'] as const;
const reviewers = ['privacy_officer'] as const;

export const functions = {
  ...dicomwebFunctions,
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
    trigger: pubsub('centers.events', [CenterRegisteredV2]),
  },
  'project-upload-summaries': {
    ...small,
    context: 'imaging',
    description: 'Counts anonymized, held and rejected images per upload from imaging events.',
    trigger: pubsub('imaging.events', [ImageAnonymizedV1, ImageRejectedV1, ImageHeldForReviewV1]),
  },
  'project-image-grants': {
    ...small,
    context: 'imaging',
    description: 'Keeps what each subscription grants over the catalogue (datasets, ACTIVE or revoked).',
    // Every type: a lapsed payment suspends the grant and the next payment restores it.
    trigger: pubsub('subscriptions.events', SUBSCRIPTION_EVENTS),
  },
  'revoke-terminated-image-grants': {
    ...small,
    context: 'imaging',
    description: 'Revokes the grant of a subscription whose data service was terminated.',
    trigger: pubsub('data-services.events', [DataServiceTerminatedV1]),
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
    trigger: http('GET', '/images/{id}/download', [...readers]),
  },
  'create-upload': {
    ...small,
    context: 'imaging',
    description: 'Opens a resumable upload into the caller center’s ingest folder.',
    trigger: http('POST', '/uploads', ['health_center']),
  },
  'list-uploads': {
    ...small,
    context: 'imaging',
    description: 'Lists past uploads, newest first, with their counts (a center its own; admins any).',
    trigger: http('GET', '/uploads', ['health_center', 'admin']),
  },
  'get-upload': {
    ...small,
    context: 'imaging',
    description: 'Summarizes an upload: counts with reasons, and per-file outcomes with details (paginated).',
    trigger: http('GET', '/uploads/{uploadId}', ['health_center', 'admin']),
  },
  'watch-upload': {
    ...small,
    context: 'imaging',
    timeoutSeconds: 360,
    description:
      'Streams an upload’s view as Server-Sent Events on every change (the console’s live outcomes).',
    trigger: http('GET', '/uploads/{uploadId}/events', ['health_center', 'admin']),
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
  // Quarantine review (privacy officers): list, reprocess one or a backlog, discard, audit trail.
  'list-quarantine': {
    ...small,
    context: 'imaging',
    description: 'Lists refused and held images for review, by center and reason (no names, no PHI).',
    trigger: http('GET', '/quarantine', [...reviewers]),
  },
  'get-quarantine-item': {
    ...small,
    context: 'imaging',
    description: 'Reads one quarantine item and where its review stands.',
    trigger: http('GET', '/quarantine/{id}', [...reviewers]),
  },
  'reprocess-quarantined': {
    ...small,
    context: 'imaging',
    description: 'Accepts the reprocessing of one quarantine item under the current profile.',
    trigger: http('POST', '/quarantine/{id}:reprocess', [...reviewers]),
  },
  'review-held-pixels': {
    ...small,
    context: 'imaging',
    description: 'Accepts a pixel review of a held image: the regions to fill, then it is published.',
    trigger: http('POST', '/quarantine/{id}:review', [...reviewers]),
  },
  'render-held-frame': {
    ...small,
    // A frame is read whole and rendered in memory, as WADO-RS rendered does.
    memory: '1Gi',
    context: 'imaging',
    description: 'Renders a held image’s first frame as PNG for pixel review (not cached).',
    trigger: http('GET', '/quarantine/{id}/frame', [...reviewers]),
  },
  'handle-reprocess-quarantined': {
    ...small,
    context: 'imaging',
    description: 'Sends a quarantined original back through the pipeline and audits it.',
    trigger: pubsub('imaging.reprocess-quarantined', [ReprocessQuarantinedV1]),
  },
  'reprocess-quarantine-backlog': {
    ...small,
    context: 'imaging',
    description: 'Accepts the reprocessing of a backlog (by reason and center) as a job.',
    trigger: http('POST', '/quarantine:reprocess', [...reviewers]),
  },
  'handle-reprocess-backlog': {
    ...small,
    context: 'imaging',
    description: 'Queues one page of a backlog job and its next page.',
    trigger: pubsub('imaging.reprocess-backlog', [ReprocessBacklogV1]),
  },
  'get-reprocess-job': {
    ...small,
    context: 'imaging',
    description: 'Reads a backlog job’s progress.',
    trigger: http('GET', '/quarantine/reprocess-jobs/{id}', [...reviewers]),
  },
  'discard-quarantined': {
    ...small,
    context: 'imaging',
    description: 'Discards a quarantine item: deletes its quarantined copy and marks it discarded.',
    trigger: http('POST', '/quarantine/{id}:discard', [...reviewers]),
  },
  'list-quarantine-audit': {
    ...small,
    context: 'imaging',
    description: 'Lists the audit trail of quarantine review actions.',
    trigger: http('GET', '/quarantine/audit', [...reviewers]),
  },
} as const satisfies Record<string, FunctionSpec>;
