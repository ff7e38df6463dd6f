/**
 * The outbox against the emulators: for each path that used to publish after its write, a publisher killed
 * between commit and publish loses nothing. The state and the event commit together; the sweep (Cloud
 * Scheduler in production, the host's timer locally) publishes the event; a second sweep publishes nothing,
 * so each consumer subscription receives each event exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, pubsub } from '../../../emulators/test/suite.ts';
import { RegisterCenterV1 } from '../../../schemas/centers/v1/register-center.command.ts';
import { UserRegisteredV1 } from '../../../schemas/identity/v1/user-registered.event.ts';
import {
  ClinicalResultRecordedV1,
  ClinicalResultViewedV1,
} from '../../../schemas/results/v1/clinical-result.events.ts';
import { CENTERS } from '../../centers/adapters/center.repository.ts';
import { claimEmail, finishRegistration, REGISTRATIONS } from '../../identity/adapters/user-directory.ts';
import { entry } from '../../manifest.ts';
import {
  auditPlaintextRead,
  createResult,
  RESULTS,
  RESULTS_AUDIT,
  sealResult,
} from '../../results/adapters/result.repository.ts';
import { TOKEN_REVEALS } from '../../tokens/adapters/vault.repository.ts';
import { activeKeyring, keyringFor, tokenize } from '../../tokens/lib/index.ts';
import { reveal } from '../../tokens/lib/reveal.ts';
import { rotateSeed } from '../../tokens/lib/rotate.ts';
import { db } from '../clients.ts';
import { acceptCommand } from '../http/accept-command.ts';
import { log } from '../logger.ts';
import { envelope } from './cloudevent.ts';
import { OUTBOX, relayPublisherForTests, sweepOutbox } from './outbox.ts';

const TOPICS = ['centers.register-center', 'tokens.events', 'results.events', 'identity.events'] as const;
const run = randomUUID().slice(0, 8);
const received = new Map<string, number>();
let client: PubSub;
const taps: Subscription[] = [];

/** A consumer of its own on every topic involved: counts each event id it receives. */
beforeAll(async () => {
  client = pubsub();
  for (const topic of TOPICS) {
    const [sub] = await client.topic(topic).createSubscription(`outbox-${topic}-${run}`);
    sub.on('message', (m: Message) => {
      const id = m.attributes['ce-id'] as string;
      received.set(id, (received.get(id) ?? 0) + 1);
      m.ack();
    });
    taps.push(sub);
  }
});
afterAll(async () => {
  for (const sub of taps) {
    await sub.close();
    await sub.delete();
  }
  await client.close();
});
afterEach(() => relayPublisherForTests(undefined));

const killed = async () => {
  throw new Error('publisher killed between commit and publish');
};
const source = '/saludtech/tests/outbox';
const settle = () => new Promise((r) => setTimeout(r, 1500));

/** Each path: commits its change with the publisher killed, and names the event id and the state it wrote. */
const PATHS: { name: string; commit: () => Promise<{ eventId: string; state: () => Promise<boolean> }> }[] = [
  {
    name: 'a command accepted over HTTP (RegisterCenter: POST /centers)',
    async commit() {
      const centerId = randomUUID();
      const ctx = {
        entry: entry('register-center'),
        principal: { uid: 'admin-outbox', roles: ['admin'] },
        correlationId: randomUUID(),
        body: {},
        log,
      };
      const answer = await acceptCommand(ctx as never, {
        command: RegisterCenterV1,
        data: {
          centerId,
          code: `OBX-${run}`.toUpperCase(),
          name: 'Clínica Outbox',
          city: 'Pasto',
          contactEmail: 'outbox@test.saludtech.example',
          requestedBy: 'admin-outbox',
        },
        subject: centerId,
        location: `/centers/${centerId}`,
      });
      const commandId = (answer as { body: { commandId: string } }).body.commandId;
      // The consumer (handle-register-center, in the host) registers the center once the command arrives.
      return {
        eventId: commandId,
        state: async () => (await db().collection(CENTERS).doc(centerId).get()).exists,
      };
    },
  },
  {
    name: 'TokenRevealed (a reveal by a re-identification officer)',
    async commit() {
      const [token] = await tokenize([{ field: 'email', value: `outbox-${run}@test.saludtech.example` }]);
      const r = await reveal(
        {
          tokens: [token as string],
          purpose: 'outbox test',
          officer: 'officer-outbox',
          correlationId: run,
          source,
        },
        keyringFor,
      );
      expect(r.ok).toBe(true);
      const audit = await db().collection(TOKEN_REVEALS).where('token', '==', token).get();
      const eventId = (audit.docs[0]?.data() as { event: { id: string } } | undefined)?.event.id as string;
      return { eventId, state: async () => audit.size === 1 };
    },
  },
  {
    name: 'TokenSeedRotated (an admin rotates the seed)',
    async commit() {
      const origin = { source, correlationId: run, rotationId: `outbox-${run}` };
      const rotated = await rotateSeed('admin-outbox', origin);
      // An admin's retry of the same request answers the same rotation: no second version, no second event.
      expect(await rotateSeed('admin-outbox', origin)).toMatchObject({
        version: rotated.version,
        created: false,
      });
      const staged = await db()
        .collection(OUTBOX)
        .where('envelope.subject', '==', `token-seeds/${rotated.version}`)
        .get();
      expect(staged.size).toBe(1);
      const eventId = staged.docs[0]?.id as string;
      return {
        eventId,
        state: async () => (await db().collection('token-seeds').doc(String(rotated.version)).get()).exists,
      };
    },
  },
  {
    name: 'ClinicalResultRecorded (POST /results)',
    async commit() {
      const id = randomUUID();
      const centerId = randomUUID();
      const patientPseudonym = (await activeKeyring()).pseudonym('patient_id', `MRN-${run}`, 'OUTBOX');
      const doc = {
        id,
        centerId,
        patientPseudonym,
        result: await sealResult(id, 'outbox result'),
        recordedBy: 'center-outbox',
        recordedAt: new Date().toISOString(),
      };
      const eventId = `result-recorded-${id}`;
      await createResult(
        doc,
        (d) =>
          envelope(
            ClinicalResultRecordedV1,
            { resultId: id, centerId, patientPseudonym: d.patientPseudonym, recordedAt: d.recordedAt },
            { id: eventId, source, subject: id, correlationId: run },
          ),
        log,
      );
      return { eventId, state: async () => (await db().collection(RESULTS).doc(id).get()).exists };
    },
  },
  {
    name: 'ClinicalResultViewed (GET /results/{id} with the text)',
    async commit() {
      const resultId = randomUUID();
      const viewedAt = new Date().toISOString();
      const event = envelope(
        ClinicalResultViewedV1,
        { resultId, centerId: randomUUID(), viewerId: 'expert-outbox', viewerRoles: ['expert'], viewedAt },
        { source, subject: resultId, correlationId: run },
      );
      await auditPlaintextRead(
        { resultId, viewerId: 'expert-outbox', viewerRoles: ['expert'], correlationId: run, viewedAt },
        event,
        log,
      );
      return {
        eventId: event.id,
        state: async () => (await db().collection(RESULTS_AUDIT).doc(event.id).get()).exists,
      };
    },
  },
  {
    name: 'UserRegistered (POST /users)',
    async commit() {
      const email = `user-${run}@test.saludtech.example`;
      const claim = await claimEmail(email, randomUUID().replaceAll('-', ''));
      const eventId = `user-registered-${claim.uid}`;
      await finishRegistration(
        email,
        envelope(
          UserRegisteredV1,
          { userId: claim.uid, roles: ['client'], language: 'es', registeredAt: new Date().toISOString() },
          { id: eventId, source, subject: claim.uid, correlationId: run },
        ),
        log,
      );
      const finished = async () =>
        (await db().collection(REGISTRATIONS).where('uid', '==', claim.uid).get()).docs[0]?.data()
          .published === true;
      return { eventId, state: finished };
    },
  },
];

describe('the outbox: a publisher killed between commit and publish loses no event and doubles none', () => {
  for (const path of PATHS)
    it(path.name, async () => {
      relayPublisherForTests(killed);
      const { eventId, state } = await path.commit();
      relayPublisherForTests(undefined);

      // The change committed; its event is staged and was not published.
      if (!path.name.startsWith('a command')) expect(await state()).toBe(true);
      expect((await db().collection(OUTBOX).doc(eventId).get()).exists).toBe(true);
      await settle();
      expect(received.get(eventId)).toBeUndefined();

      // The sweep publishes it; a second sweep finds nothing left to publish.
      expect(await sweepOutbox(undefined, { olderThanMs: 0 })).toBeGreaterThanOrEqual(1);
      expect((await db().collection(OUTBOX).doc(eventId).get()).exists).toBe(false);
      await sweepOutbox(undefined, { olderThanMs: 0 });
      await eventually(async () => received.get(eventId));
      await settle();
      expect(received.get(eventId)).toBe(1);
      // A command's effect is its consumer's: the center exists once the command arrived.
      await eventually(async () => ((await state()) ? true : undefined));
    });
});
