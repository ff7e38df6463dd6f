/** POST /uploads — a health center opens a resumable upload of one file into its own ingest folder. */
import { randomUUID } from 'node:crypto';
import { CreateUploadBody, UploadSession } from '../../../schemas/imaging/v1/upload.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { allowedOrigins } from '../../platform/http/cors.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { centerById } from '../adapters/imaging-centers.repository.ts';
import { openResumableUpload } from '../adapters/upload-sessions.ts';
import { openUpload } from '../adapters/uploads.repository.ts';
import { uploadObjectName } from '../domain/upload-path.ts';

export default httpHandler({
  body: CreateUploadBody,
  responses: { 200: UploadSession, 403: Problem, 409: Problem },
  async handle({ body, principal, req }) {
    const center = principal.centerId ? await centerById(principal.centerId) : undefined;
    if (!center) return problem(403, 'forbidden', 'your account is not linked to a registered center');
    const upload = await openUpload(body.uploadId ?? randomUUID(), center, principal.uid);
    if (!upload)
      return problem(409, 'upload-not-yours', 'this upload id belongs to another center', [
        { field: 'body.uploadId', message: 'belongs to another center' },
      ]);
    const object = uploadObjectName(center.code, upload.uploadId, body.fileName);
    // The console PUTs the bytes from its own page: only an allowed console origin is named on the session.
    const origin = req.header('origin');
    const sessionUrl = await openResumableUpload(object, {
      contentType: body.contentType,
      origin: origin && allowedOrigins().has(origin) ? origin : undefined,
    });
    return ok({ uploadId: upload.uploadId, object, sessionUrl });
  },
});
