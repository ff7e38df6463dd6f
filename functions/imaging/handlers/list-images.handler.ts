/** GET /images — the caller's granted part of the catalogue, by modality, region, pathology, center and (shifted) ingest date. */
import { z } from 'zod';
import { ImagePage, ListImagesQuery } from '../../../schemas/imaging/v1/image.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { searchAccessible } from '../adapters/accessible-images.ts';
import type { Cursor } from '../adapters/catalogue.repository.ts';
import { accessFor } from '../adapters/image-access.ts';
import { viewFor } from '../adapters/image-views.ts';

const CursorShape = z.object({ ingestedAt: z.iso.datetime(), imageId: z.uuid() });

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
function decodeCursor(token: string): Cursor | undefined {
  try {
    const parsed = CursorShape.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export default httpHandler({
  query: ListImagesQuery,
  responses: { 200: ImagePage, 400: Problem },
  async handle({ query, principal }) {
    const { cursor, ...filters } = query;
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && !after)
      return problem(400, 'validation', 'invalid query', [
        { field: 'query.cursor', message: 'not a cursor we issued' },
      ]);
    const page = await searchAccessible(await accessFor(principal), filters, after);
    const items = await Promise.all(page.items.map((r) => viewFor(r, principal.roles)));
    return ok({ items, ...(page.last ? { nextCursor: encodeCursor(page.last) } : {}) });
  },
});
