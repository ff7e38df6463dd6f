/**
 * GET /results/{id} — metadata for everyone allowed on the route; the decrypted text only where the read
 * policy allows, and each such read is audited first and published as ClinicalResultViewed.
 */

import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { ClinicalResultViewedV1 } from '../../../schemas/results/v1/clinical-result.events.ts';
import { ClinicalResultView, ResultIdParams } from '../../../schemas/results/v1/clinical-result.view.ts';
import { sourceOf } from '../../manifest.ts';
import { httpHandler, ok } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { envelope } from '../../platform/messaging/cloudevent.ts';
import { auditPlaintextRead, findResult, openResult } from '../adapters/result.repository.ts';
import { readGrant } from '../domain/read-policy.ts';

export default httpHandler({
  params: ResultIdParams,
  responses: { 200: ClinicalResultView, 404: Problem },
  async handle(ctx) {
    const { params, principal } = ctx;
    const doc = await findResult(params.id);
    if (!doc) return problem(404, 'not-found', 'no such result');
    const metadata = {
      id: doc.id,
      centerId: doc.centerId,
      patientPseudonym: doc.patientPseudonym,
      ...(doc.patientIssuer ? { patientIssuer: doc.patientIssuer } : {}),
      ...(doc.code ? { code: doc.code } : {}),
      recordedAt: doc.recordedAt,
    };
    if (readGrant(principal, doc.centerId) === 'metadata') return ok(metadata);
    const viewedAt = new Date().toISOString();
    const viewer = { viewerId: principal.uid, viewerRoles: principal.roles };
    // The audit record and ClinicalResultViewed commit together, before the text is opened.
    await auditPlaintextRead(
      { resultId: doc.id, ...viewer, correlationId: ctx.correlationId, viewedAt },
      envelope(
        ClinicalResultViewedV1,
        { resultId: doc.id, centerId: doc.centerId, ...viewer, viewedAt },
        { source: sourceOf(ctx.entry), subject: doc.id, correlationId: ctx.correlationId },
      ),
      ctx.log,
    );
    const text = await openResult(doc);
    ctx.log.info('clinical result text read', { resultId: doc.id, viewerId: principal.uid });
    return ok({ ...metadata, result: text });
  },
});
