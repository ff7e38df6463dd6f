/** GET /images — the caller's granted part of the catalogue, by modality, region, pathology, center and (shifted) ingest date. */
import { z } from 'zod';
import { ImagePage, ListImagesQuery } from '../../../schemas/imaging/v1/image.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { searchAccessible } from '../adapters/accessible-images.ts';
import { accessFor } from '../adapters/image-access.ts';
import { viewFor, withDicomUids } from '../adapters/image-views.ts';
import { decodeCursor, encodeCursor } from '../domain/page-cursor.ts';

const CursorShape = z.object({ ingestedAt: z.iso.datetime(), imageId: z.uuid() });

export default httpHandler({
  query: ListImagesQuery,
  responses: { 200: ImagePage, 400: Problem },
  async handle({ query, principal }) {
    const { cursor, ...filters } = query;
    const after = cursor === undefined ? undefined : decodeCursor(CursorShape, cursor);
    if (cursor !== undefined && !after)
      return problem(400, 'validation', 'invalid query', [
        { field: 'query.cursor', message: 'not a cursor we issued' },
      ]);
    const page = await searchAccessible(await accessFor(principal), filters, after);
    const items = await withDicomUids(await Promise.all(page.items.map((r) => viewFor(r, principal.roles))));
    return ok({ items, ...(page.last ? { nextCursor: encodeCursor(page.last) } : {}) });
  },
});
