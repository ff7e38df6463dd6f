/** GET /subscriptions/{id} — one subscription from the read model; a client sees only their own. */
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import {
  SubscriptionIdParams,
  SubscriptionView,
} from '../../../schemas/subscriptions/v1/subscription.view.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { findSubscriptionView } from '../adapters/subscription.repository.ts';

export default httpHandler({
  params: SubscriptionIdParams,
  responses: { 200: SubscriptionView, 404: Problem },
  async handle({ params, principal }) {
    const view = await findSubscriptionView(params.id);
    const visible = view && (principal.roles.includes('admin') || view.userId === principal.uid);
    return visible
      ? ok(view)
      : problem(404, 'not-found', 'no such subscription (yet: creation is asynchronous)');
  },
});
