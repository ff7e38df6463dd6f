/**
 * The privacy officer's side of the quarantine review, for its end-to-end tests: calls as an officer
 * that remember every response, v1 refusals seeded as the v1 handler left them, and the final check
 * that no planted identity or uploaded file name surfaced in a response, an event or the audit.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { type ApiResponse, api, eventually, suite, token } from '../../../emulators/test/suite.ts';
import { db } from '../../platform/clients.ts';
import { bucketName } from '../../platform/config.ts';
import { IMAGES } from '../adapters/catalogue.repository.ts';
import { INGESTS } from '../adapters/ingest-ledger.ts';
import { QUARANTINE_AUDIT } from '../adapters/quarantine-review-audit.ts';
import { imageIdOf } from '../domain/image-id.ts';
import { CANARY, el, explicitLittleEndian, phiStrings } from '../fixtures/dicom-fixtures.ts';
import { bucketOf, tapEvents } from './imaging-harness.ts';

export const V1 = 'ps3.15-e1-1/v1';
/** Clean, but v1 refused it: its verifier took the cleaned StudyDescription as a needle in BodyPartExamined. */
export const refusedByV1 = () => explicitLittleEndian({ extra: [el(0x00081030, 'LO', 'CHEST')] });

export const recordsOf = async (uploadId: string) =>
  (await db().collection(IMAGES).where('uploadId', '==', uploadId).get()).docs.map((d) => d.data());
export const auditOf = async (imageId: string) =>
  (await db().collection(QUARANTINE_AUDIT).where('imageId', '==', imageId).get()).docs.map((d) => d.data());
export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One test file's review session: an officer and an admin, an event tap, and what it has seen. */
export async function reviewSession() {
  const tap = await tapEvents();
  const [officer, admin] = await Promise.all([token(['privacy_officer']), token(['admin'])]);
  /** Every response body the tests saw, for the canary check at the end. */
  const seen: unknown[] = [];
  /** Uploaded file names: they must not surface either. */
  const names: string[] = [];

  async function call(method: string, path: string, body?: unknown, as = officer): Promise<ApiResponse> {
    const res = await api(method, path, { token: as, ...(body === undefined ? {} : { body }) });
    seen.push(res.body);
    return res;
  }

  /**
   * A refusal as the v1 handler left it: the original kept in quarantine under `rejected/{imageId}` with
   * its reason and source name in the object metadata, and a finished, published ledger entry.
   */
  async function seedV1Refusal(
    name: string,
    bytes: Buffer,
    reason = 'residual-phi',
  ): Promise<{ imageId: string; name: string }> {
    names.push(name.split('/').pop() as string);
    const generation = String(Date.now() * 1000 + Math.floor(Math.random() * 1000));
    const imageId = imageIdOf(bucketName('ingest', suite().projectId), name, generation);
    const detail = 'an identifying value (5 bytes) appears';
    await bucketOf('quarantine')
      .file(`rejected/${imageId}`)
      .save(bytes, {
        resumable: false,
        metadata: { metadata: { reason, detail, imageId, sourceName: name, sourceGeneration: generation } },
      });
    const [, centerCode, uploadId] = name.split('/');
    const at = new Date(Date.now() - 86_400_000);
    await db()
      .collection(INGESTS)
      .doc(imageId)
      .set({
        imageId,
        nameHash: createHash('sha256').update(name).digest('hex'),
        uploadId,
        centerCode,
        status: 'rejected',
        attempts: 1,
        reason,
        detail,
        profileVersion: V1,
        receivedAt: at,
        finishedAt: at,
        outbox: [],
        published: true,
        sidecarUsed: false,
      });
    return { imageId, name };
  }

  const itemOf = async (id: string) =>
    (await call('GET', `/quarantine/${id}`)).body as Record<string, unknown>;
  /** Waits until review has settled an item's reprocessing. */
  const reprocessed = (id: string) =>
    eventually(async () => {
      const item = await itemOf(id);
      return item.status === 'reprocessed' ? item : undefined;
    }, 45_000);
  const anonymizedEventsOf = (reprocessOf: string) =>
    tap.events.filter(
      (e) => e.type === 'saludtech.imaging.anonymized.v1' && e.data.reprocessOf === reprocessOf,
    );

  /** No planted identity and no uploaded file name in a response, an event or an audit record. */
  async function expectNothingIdentifying(): Promise<void> {
    const audit = (await db().collection(QUARANTINE_AUDIT).get()).docs.map((d) => d.data());
    const places = {
      responses: JSON.stringify(seen),
      events: JSON.stringify(tap.events.map((e) => e.raw)),
      audit: JSON.stringify(audit),
    };
    for (const [where, text] of Object.entries(places)) {
      for (const canary of phiStrings(CANARY))
        expect(text.includes(canary), `${canary} in ${where}`).toBe(false);
      for (const name of names) expect(text.includes(name), `${name} in ${where}`).toBe(false);
    }
  }

  return {
    admin,
    officer,
    names,
    call,
    seedV1Refusal,
    itemOf,
    reprocessed,
    anonymizedEventsOf,
    expectNothingIdentifying,
    close: () => tap.close(),
  };
}
