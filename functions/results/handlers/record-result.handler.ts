/**
 * POST /results — a health center records a clinical result (seed 002 `{patient, result}`): the patient id
 * becomes its pseudonym, keyed under the center's code as imaging keys the patient's images, the text is
 * sealed; ClinicalResultRecorded carries ids and the pseudonym only.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Problem } from '../../../schemas/platform/v1/problem.ts';
import { ClinicalResultRecordedV1 } from '../../../schemas/results/v1/clinical-result.events.ts';
import { ClinicalResultMetadata } from '../../../schemas/results/v1/clinical-result.view.ts';
import { RecordResultBody } from '../../../schemas/results/v1/record-result.body.ts';
import { sourceOf } from '../../manifest.ts';
import { httpHandler } from '../../platform/http/http-handler.ts';
import { problem } from '../../platform/http/problem.ts';
import { envelope } from '../../platform/messaging/cloudevent.ts';
import { decideIssuer, issuerCallerOf, issuerProblem, linkageKeyring } from '../../tokens/lib/index.ts';
import { createResult, sealResult } from '../adapters/result.repository.ts';

/** A UUID (v5 layout) from the caller and its Idempotency-Key, so a retried request names the same result. */
function idFor(uid: string, key: string): string {
  const h = createHash('sha256').update(`record-result\n${uid}\n${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export default httpHandler({
  body: RecordResultBody,
  responses: {
    200: ClinicalResultMetadata,
    201: ClinicalResultMetadata,
    403: Problem,
    422: Problem,
    503: Problem,
  },
  async handle(ctx) {
    const { body, principal } = ctx;
    const centerId = principal.centerId;
    if (!centerId) return problem(403, 'forbidden', 'your account is not attached to a health center');
    const id = ctx.idempotencyKey ? idFor(principal.uid, ctx.idempotencyKey) : randomUUID();
    // The issuer is the caller's center CODE, the key imaging uses: the pseudonym then joins the patient's images.
    const who = await issuerCallerOf(principal);
    if (!who.ok) return who.refusal;
    const decided = decideIssuer(who.caller, body.issuer, true);
    if (!decided.ok) return issuerProblem(decided, 'body.issuer');
    const issuer = decided.issuer;
    // Pinned to the seed version that first saw this patient, so the pseudonym survives key rotations.
    const ring = await linkageKeyring(issuer, body.patient);
    const requestHash = createHash('sha256')
      .update(`${id}\n${JSON.stringify(body)}`)
      .digest('hex');
    const doc = {
      id,
      centerId,
      patientPseudonym: ring.pseudonym('patient_id', body.patient, issuer),
      patientIssuer: issuer,
      result: await sealResult(id, body.result),
      ...(body.code ? { code: body.code } : {}),
      recordedBy: principal.uid,
      recordedAt: new Date().toISOString(),
      requestHash,
    };
    // The event commits with the result (the outbox); its id is the result's, so consumers dedupe a replay.
    const { created, stored } = await createResult(
      doc,
      (d) =>
        envelope(
          ClinicalResultRecordedV1,
          {
            resultId: id,
            centerId,
            patientPseudonym: d.patientPseudonym,
            ...(d.code ? { code: d.code } : {}),
            recordedAt: d.recordedAt,
          },
          {
            id: `result-recorded-${id}`,
            source: sourceOf(ctx.entry),
            subject: id,
            correlationId: ctx.correlationId,
          },
        ),
      ctx.log,
    );
    // Results stored before request hashes existed carry none: they replay as before.
    if (!created && stored.requestHash !== undefined && stored.requestHash !== requestHash)
      return problem(422, 'idempotency-key-reused', 'this Idempotency-Key was used with a different body');
    const { result: _sealed, recordedBy: _by, requestHash: _hash, ...metadata } = stored;
    ctx.log.info('clinical result recorded', { resultId: id, centerId });
    return { status: created ? 201 : 200, headers: { Location: `/results/${id}` }, body: metadata };
  },
});
