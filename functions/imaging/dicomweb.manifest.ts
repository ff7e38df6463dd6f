/** The imaging context's DICOMweb (PS3.18) functions: QIDO-RS, WADO-RS and STOW-RS under `/dicomweb`. */
import { ImageAnonymizedV1 } from '../../schemas/imaging/v1/image-anonymized.event.ts';
import { http, pubsub, small } from '../manifest.helpers.ts';
import type { FunctionSpec } from '../manifest.types.ts';

// STOW-RS: functions-framework buffers the whole body before the handler runs, so a request holds up to
// 32 MiB (Cloud Run's request cap, and this limit) in memory, a few times over while its parts are checked
// and written: 1 GiB with 8 requests at once leaves room for that.
const stow = {
  ...small,
  context: 'imaging',
  memory: '1Gi',
  concurrency: 8,
  timeoutSeconds: 300,
  maxBodyBytes: 32 * 1024 * 1024,
} as const;

// Every reader's view is narrowed to its grant (domain/image-access.ts); outside it reads as absent.
const readers = ['admin', 'expert', 'client', 'health_center'] as const;
const read = { ...small, context: 'imaging' } as const;
// Retrieval streams object by object (one chunk in memory): 256 MiB serves a 300 MB instance; long studies need time.
const streamed = { ...read, timeoutSeconds: 540 } as const;
// Frames are decoded and rendered whole in memory (up to 64 MiB each).
const pixels = { ...read, memory: '1Gi', concurrency: 8 } as const;

export const dicomwebFunctions = {
  // QIDO-RS and WADO-RS (the read side): every route reads the DICOMweb index within the caller's grant.
  'index-dicomweb-instance': {
    ...small,
    context: 'imaging',
    description: 'Indexes each anonymized DICOM instance for DICOMweb from its anonymized header.',
    trigger: pubsub('imaging.events', [ImageAnonymizedV1]),
  },
  'search-dicomweb-studies': {
    ...read,
    description: 'QIDO-RS: searches studies (PatientID, StudyDate, Modality, BodyPartExamined, UIDs).',
    trigger: http('GET', '/dicomweb/studies', [...readers]),
  },
  'search-dicomweb-series': {
    ...read,
    description: 'QIDO-RS: searches the series of a study.',
    trigger: http('GET', '/dicomweb/studies/{study}/series', [...readers]),
  },
  'search-dicomweb-instances': {
    ...read,
    description: 'QIDO-RS: searches the instances of a series.',
    trigger: http('GET', '/dicomweb/studies/{study}/series/{series}/instances', [...readers]),
  },
  'search-dicomweb-study-instances': {
    ...read,
    description: 'QIDO-RS: searches the instances of a study.',
    trigger: http('GET', '/dicomweb/studies/{study}/instances', [...readers]),
  },
  'search-dicomweb-all-series': {
    ...read,
    description: 'QIDO-RS: searches series across studies.',
    trigger: http('GET', '/dicomweb/series', [...readers]),
  },
  'search-dicomweb-all-instances': {
    ...read,
    description: 'QIDO-RS: searches instances across studies.',
    trigger: http('GET', '/dicomweb/instances', [...readers]),
  },
  'retrieve-dicomweb-study': {
    ...streamed,
    description: 'WADO-RS: a study’s instances as multipart/related application/dicom, streamed.',
    trigger: http('GET', '/dicomweb/studies/{study}', [...readers]),
  },
  'retrieve-dicomweb-series': {
    ...streamed,
    description: 'WADO-RS: a series’ instances as multipart/related application/dicom, streamed.',
    trigger: http('GET', '/dicomweb/studies/{study}/series/{series}', [...readers]),
  },
  'retrieve-dicomweb-instance': {
    ...streamed,
    description: 'WADO-RS: one instance as multipart/related (or bare) application/dicom, streamed.',
    trigger: http('GET', '/dicomweb/studies/{study}/series/{series}/instances/{instance}', [...readers]),
  },
  'retrieve-dicomweb-study-metadata': {
    ...read,
    description: 'WADO-RS: a study’s instance headers as DICOM JSON.',
    trigger: http('GET', '/dicomweb/studies/{study}/metadata', [...readers]),
  },
  'retrieve-dicomweb-series-metadata': {
    ...read,
    description: 'WADO-RS: a series’ instance headers as DICOM JSON.',
    trigger: http('GET', '/dicomweb/studies/{study}/series/{series}/metadata', [...readers]),
  },
  'retrieve-dicomweb-instance-metadata': {
    ...read,
    description: 'WADO-RS: one instance header as DICOM JSON.',
    trigger: http('GET', '/dicomweb/studies/{study}/series/{series}/instances/{instance}/metadata', [
      ...readers,
    ]),
  },
  'retrieve-dicomweb-frames': {
    ...pixels,
    description: 'WADO-RS: frames of an instance, native (octet-stream) or as stored, as multipart/related.',
    trigger: http('GET', '/dicomweb/studies/{study}/series/{series}/instances/{instance}/frames/{frames}', [
      ...readers,
    ]),
  },
  'render-dicomweb-instance': {
    ...pixels,
    description: 'WADO-RS: an instance rendered as JPEG or PNG (thumbnails).',
    trigger: http('GET', '/dicomweb/studies/{study}/series/{series}/instances/{instance}/rendered', [
      ...readers,
    ]),
  },
  'render-dicomweb-frame': {
    ...pixels,
    description: 'WADO-RS: one frame rendered as JPEG or PNG.',
    trigger: http(
      'GET',
      '/dicomweb/studies/{study}/series/{series}/instances/{instance}/frames/{frame}/rendered',
      [...readers],
    ),
  },
  'store-dicomweb-instances': {
    ...stow,
    description: 'STOW-RS: stores a center’s DICOM instances as one new upload, each anonymized on arrival.',
    trigger: http('POST', '/dicomweb/studies', ['health_center']),
  },
  'store-dicomweb-study-instances': {
    ...stow,
    description: 'STOW-RS into one study: as POST /dicomweb/studies, refusing instances of another study.',
    trigger: http('POST', '/dicomweb/studies/{study}', ['health_center']),
  },
} as const satisfies Record<string, FunctionSpec>;
