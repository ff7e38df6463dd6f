/** POST /quarantine/{id}:discard — a privacy officer discards an item: its copy is deleted; idempotent. */
import { QuarantineIdParams, QuarantineItemView } from '../../../schemas/imaging/v1/quarantine.view.ts';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { db } from '../../platform/clients.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { itemView, loadItem, markDiscarded } from '../adapters/quarantine-review.repository.ts';
import { recordAudit } from '../adapters/quarantine-review-audit.ts';
import { deleteQuarantineCopy } from '../adapters/reprocess-copy.ts';
import { actingRole, auditIdOf, decideDiscard } from '../domain/quarantine.ts';

export default httpHandler({
  params: QuarantineIdParams,
  responses: { 200: QuarantineItemView, 404: Problem, 409: Problem },
  async handle({ params, principal, log }) {
    const imageId = params.id;
    // Decide and record in one transaction; the deletion after it is idempotent, so a retry completes it.
    const { step, item } = await db().runTransaction(async (tx) => {
      const item = await loadItem(tx, imageId);
      const step = decideDiscard(item);
      if (step.action !== 'discard' || !item) return { step, item };
      const at = new Date();
      markDiscarded(tx, imageId, { reviewOf: step.reviewOf, at });
      recordAudit(tx, {
        auditId: auditIdOf('discard', imageId),
        action: 'discard',
        uid: principal.uid,
        role: actingRole(principal.roles),
        at,
        imageId,
        reason: item.reason,
      });
      return { step, item: { ...item, status: 'discarded', reviewOf: step.reviewOf } };
    });
    if (step.action === 'not-found' || !item) return problem(404, 'not-found', 'no such quarantine item');
    if (step.action === 'conflict')
      return problem(409, `quarantine-item-${step.why}`, `the item is ${step.why}; it cannot be discarded`);
    await deleteQuarantineCopy(item);
    log.info('quarantine item discarded', { imageId, again: step.action === 'already' });
    return ok(itemView(item));
  },
});
