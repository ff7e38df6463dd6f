/** The imaging context's DICOMweb (PS3.18) functions: QIDO-RS, WADO-RS and STOW-RS under `/dicomweb`. */
import { http, small } from '../manifest.helpers.ts';
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

export const dicomwebFunctions = {
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
