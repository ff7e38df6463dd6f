/** GET /quarantine — refused and held items for review, oldest first, by center and reason (privacy officer). */
import { z } from 'zod';
import { ListQuarantineQuery, QuarantinePage } from '../../../schemas/imaging/v1/quarantine.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { itemView, openItemsPage } from '../adapters/quarantine-review.repository.ts';
import { decodeCursor, encodeCursor } from '../domain/page-cursor.ts';

const Position = z.object({ quarantinedAt: z.iso.datetime(), imageId: z.uuid() });

export default httpHandler({
  query: ListQuarantineQuery,
  responses: { 200: QuarantinePage, 400: Problem },
  async handle({ query }) {
    const { cursor, pageSize, ...filter } = query;
    const after = cursor === undefined ? undefined : decodeCursor(Position, cursor);
    if (cursor !== undefined && !after)
      return problem(400, 'validation', 'invalid query', [
        { field: 'query.cursor', message: 'not a cursor we issued' },
      ]);
    const page = await openItemsPage(filter, { pageSize, ...(after ? { after } : {}) });
    return ok({
      items: page.items.map(itemView),
      ...(page.last ? { nextCursor: encodeCursor(page.last) } : {}),
    });
  },
});
