/**
 * Against the emulators, in process: the pipeline's finish tail may run the settlement any number of
 * times (redeliveries, retries); the item, its audit record and its job move once.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { suite } from '../../../emulators/test/suite.ts';
import { db } from '../../platform/clients.ts';
import { bucketName } from '../../platform/config.ts';
import { auditIdOf } from '../domain/quarantine.ts';
import { bucket } from './buckets.ts';
import { INGESTS } from './ingest-ledger.ts';
import { QUARANTINE_AUDIT, recordAudit } from './quarantine-review-audit.ts';
import { createJob, findJob } from './reprocess-jobs.ts';
import { REPROCESS_OF, settleReprocess } from './reprocess-settlement.ts';

const reupload = (of: string) => ({
  bucket: bucketName('ingest', suite().projectId),
  name: 'centers/X/y/z',
  generation: '1',
  size: 1,
  metadata: { [REPROCESS_OF]: of },
});

async function seedItem(status: string) {
  const imageId = randomUUID();
  const jobId = randomUUID();
  const attempt = randomUUID();
  const at = new Date();
  await db().runTransaction(async (tx) => {
    createJob(tx, { jobId, filter: {}, requestedBy: { uid: 'u1', role: 'privacy_officer' }, createdAt: at });
    recordAudit(tx, {
      auditId: auditIdOf('reprocess', imageId, attempt),
      action: 'reprocess',
      uid: 'u1',
      role: 'privacy_officer',
      at,
      imageId,
      reason: 'residual-phi',
      jobId,
    });
  });
  await db().collection(INGESTS).doc(imageId).set({
    imageId,
    status,
    reviewOf: 'held',
    reason: 'burned-in-risk',
    finishedAt: at,
    reprocessAttempt: attempt,
    reprocessJob: jobId,
  });
  await bucket('quarantine').file(`held/${imageId}`).save(Buffer.from('kept'), { resumable: false });
  return { imageId, jobId, attempt };
}

describe('settleReprocess', () => {
  it('settles once however often the finish runs: item, audit record, job counters, copy deleted', async () => {
    const { imageId, jobId, attempt } = await seedItem('reprocessing');
    const result = { imageId: randomUUID(), status: 'anonymized' as const };
    await Promise.all([1, 2, 3].map(() => settleReprocess(reupload(imageId), result)));
    await settleReprocess(reupload(imageId), result);

    const entry = (await db().collection(INGESTS).doc(imageId).get()).data();
    expect(entry).toMatchObject({
      status: 'reprocessed',
      reprocessedAs: result.imageId,
      reprocessOutcome: 'anonymized',
    });
    expect(await findJob(jobId)).toMatchObject({ done: 1, published: 1, stillRefused: 0 });
    const audit = (
      await db()
        .collection(QUARANTINE_AUDIT)
        .doc(auditIdOf('reprocess', imageId, attempt))
        .get()
    ).data();
    expect(audit).toMatchObject({ outcome: 'anonymized', reprocessedAs: result.imageId });
    expect((await bucket('quarantine').file(`held/${imageId}`).exists())[0]).toBe(false);
  });

  it('counts a re-upload held again as still refused', async () => {
    const { imageId, jobId } = await seedItem('reprocessing');
    await settleReprocess(reupload(imageId), { imageId: randomUUID(), status: 'held' });
    expect(await findJob(jobId)).toMatchObject({ done: 1, published: 0, stillRefused: 1 });
  });

  it('leaves a discarded item, and ignores objects that are no reprocessing', async () => {
    const { imageId, jobId } = await seedItem('discarded');
    await settleReprocess(reupload(imageId), { imageId: randomUUID(), status: 'anonymized' });
    await settleReprocess(
      { ...reupload(imageId), metadata: {} },
      { imageId: randomUUID(), status: 'anonymized' },
    );
    await settleReprocess(reupload('not-an-id'), { imageId: randomUUID(), status: 'anonymized' });
    expect((await db().collection(INGESTS).doc(imageId).get()).data()).toMatchObject({ status: 'discarded' });
    expect(await findJob(jobId)).toMatchObject({ done: 0 });
    expect((await bucket('quarantine').file(`held/${imageId}`).exists())[0]).toBe(true);
  });
});
