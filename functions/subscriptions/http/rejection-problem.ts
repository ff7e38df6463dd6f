/** How a subscription rejection reads over HTTP: status, problem slug and the field to blame. */
import { type Problem, problem } from '../../platform/http/problem.ts';
import type { SubscriptionRejection } from '../domain/subscription.decider.ts';

const table: Record<SubscriptionRejection, [number, string, string, string?]> = {
  SubscriptionNotFound: [404, 'not-found', 'no such subscription'],
  SubscriptionAlreadyExists: [409, 'subscription-exists', 'the subscription already exists'],
  UnknownPlan: [404, 'unknown-plan', 'no plan with this code', 'body.planCode'],
  SamePlan: [409, 'same-plan', 'the subscription is already on this plan', 'body.planCode'],
  SubscriptionCancelled: [409, 'subscription-cancelled', 'the subscription is cancelled'],
  SubscriptionFailed: [409, 'subscription-failed', 'the subscription failed to provision'],
  SubscriptionAlreadyActive: [409, 'subscription-active', 'the subscription is already active'],
};

export function rejectionProblem(rejection: SubscriptionRejection, field?: string): Problem {
  const [status, slug, detail, blamed] = table[rejection];
  const at = field ?? blamed;
  return problem(status, slug, detail, at ? [{ field: at, message: detail }] : undefined);
}
