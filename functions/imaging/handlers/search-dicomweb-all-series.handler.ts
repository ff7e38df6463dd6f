/** GET /dicomweb/series — QIDO-RS: series of any study, within the caller's grant (application/dicom+json; none: 204). */
import { DicomJsonDatasets, QidoQuery } from '../../../schemas/imaging/v1/dicomweb-read.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { searchDicomweb } from '../adapters/dicomweb-qido.ts';

export default httpHandler({
  query: QidoQuery,
  responses: { 200: DicomJsonDatasets, 406: Problem },
  handle: (ctx) => searchDicomweb(ctx, 'series'),
});
