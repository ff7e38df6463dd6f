/** GET /quarantine/audit — the trail of quarantine review actions, newest first (privacy officer). */
import { z } from 'zod';
import {
  ListQuarantineAuditQuery,
  QuarantineAuditPage,
} from '../../../schemas/imaging/v1/quarantine.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { auditPage } from '../adapters/quarantine-review-audit.ts';
import { decodeCursor, encodeCursor } from '../domain/page-cursor.ts';

const Position = z.object({ at: z.iso.datetime(), auditId: z.string().regex(/^[0-9a-f]{64}$/) });

export default httpHandler({
  query: ListQuarantineAuditQuery,
  responses: { 200: QuarantineAuditPage, 400: Problem },
  async handle({ query }) {
    const after = query.cursor === undefined ? undefined : decodeCursor(Position, query.cursor);
    if (query.cursor !== undefined && !after)
      return problem(400, 'validation', 'invalid query', [
        { field: 'query.cursor', message: 'not a cursor we issued' },
      ]);
    const page = await auditPage(query.pageSize, after);
    return ok({ items: page.items, ...(page.last ? { nextCursor: encodeCursor(page.last) } : {}) });
  },
});
