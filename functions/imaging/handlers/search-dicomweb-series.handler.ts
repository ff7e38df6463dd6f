/** GET /dicomweb/studies/{study}/series — QIDO-RS: the series of a study, within the caller's grant (application/dicom+json; none: 204). */
import { DicomJsonDatasets, QidoQuery, StudyPath } from '../../../schemas/imaging/v1/dicomweb-read.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { searchDicomweb } from '../adapters/dicomweb-qido.ts';

export default httpHandler({
  params: StudyPath,
  query: QidoQuery,
  responses: { 200: DicomJsonDatasets, 406: Problem },
  handle: (ctx) => searchDicomweb(ctx, 'series'),
});
