/** GET /uploads — past uploads, newest first, with their counts: a center its own, an admin any center's. */
import { z } from 'zod';
import { ListUploadsQuery, UploadListPage } from '../../../schemas/imaging/v1/upload.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { centerById } from '../adapters/imaging-centers.repository.ts';
import { uploadsPage } from '../adapters/uploads.repository.ts';
import { decodeCursor, encodeCursor } from '../domain/page-cursor.ts';

const Position = z.object({ at: z.iso.datetime(), uploadId: z.uuid() });

export default httpHandler({
  query: ListUploadsQuery,
  responses: { 200: UploadListPage, 400: Problem, 403: Problem },
  async handle({ query, principal }) {
    const after = query.cursor === undefined ? undefined : decodeCursor(Position, query.cursor);
    if (query.cursor !== undefined && !after)
      return problem(400, 'validation', 'invalid query', [
        { field: 'query.cursor', message: 'not a cursor we issued' },
      ]);
    let centerCode = query.center;
    if (!principal.roles.includes('admin')) {
      const own = principal.centerId ? await centerById(principal.centerId) : undefined;
      if (!own) return problem(403, 'forbidden', 'your account is not linked to a registered center');
      if (centerCode !== undefined && centerCode !== own.code)
        return problem(403, 'forbidden', 'not your center’s uploads', [
          { field: 'query.center', message: 'another center' },
        ]);
      centerCode = own.code;
    }
    const page = await uploadsPage(query.pageSize, { centerCode, ...(after ? { after } : {}) });
    return ok({ items: page.items, ...(page.last ? { nextCursor: encodeCursor(page.last) } : {}) });
  },
});
