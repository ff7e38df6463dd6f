/** GET /subscriptions?client= — a client's subscriptions from the read model (clients: only their own). */
import {
  ListSubscriptionsQuery,
  SubscriptionList,
} from '../../../schemas/subscriptions/v1/subscription.view.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { listSubscriptionViews } from '../adapters/subscription.repository.ts';

export default httpHandler({
  query: ListSubscriptionsQuery,
  responses: { 200: SubscriptionList },
  async handle({ query, principal }) {
    const items = await listSubscriptionViews(query.client);
    const admin = principal.roles.includes('admin');
    return ok({ items: admin ? items : items.filter((s) => s.userId === principal.uid) });
  },
});
