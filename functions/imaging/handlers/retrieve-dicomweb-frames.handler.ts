/**
 * GET /dicomweb/studies/{study}/series/{series}/instances/{instance}/frames/{frames} — WADO-RS: frames
 * (a comma list) as multipart/related, native application/octet-stream or as stored (transfer syntax in
 * each part's Content-Type). Outside the caller's grant reads as absent (404).
 */
import { FramesPath, RetrieveQuery } from '../../../schemas/imaging/v1/dicomweb-read.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { retrieveFrames } from '../adapters/dicomweb-frames.ts';

export default httpHandler({
  params: FramesPath,
  query: RetrieveQuery,
  responses: { 400: Problem, 404: Problem, 406: Problem },
  handle: retrieveFrames,
});
