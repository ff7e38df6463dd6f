/** GET /centers — centers ordered by code, paginated with `pageSize` and `pageToken`. */
import { CenterPage, ListCentersQuery } from '../../../schemas/centers/v1/center.view.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { listCenterViews } from '../adapters/center.repository.ts';

const decodeToken = (token: string) => Buffer.from(token, 'base64url').toString('utf8');
const encodeToken = (code: string) => Buffer.from(code, 'utf8').toString('base64url');

export default httpHandler({
  query: ListCentersQuery,
  responses: { 200: CenterPage },
  async handle({ query }) {
    const after = query.pageToken === undefined ? undefined : decodeToken(query.pageToken);
    if (after !== undefined && !/^[A-Z0-9-]{1,32}$/.test(after)) {
      return problem(400, 'validation', 'invalid query', [
        { field: 'query.pageToken', message: 'not a token we issued' },
      ]);
    }
    const page = await listCenterViews(query.pageSize, after);
    return ok({ items: page.items, ...(page.last ? { nextPageToken: encodeToken(page.last) } : {}) });
  },
});
