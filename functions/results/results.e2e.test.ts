/**
 * Clinical results through the suite: stored as pseudonym + sealed text (proved on the raw document), read in
 * plaintext only by policy and audited, and the owning center is notified by e-mail.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { api, clearFirestore, eventually, suite, token } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { activeKeyring } from '../tokens/lib/index.ts';
import { announceCenter as announceToTokens } from '../tokens/tokens.test-support.ts';
import { RESULTS, RESULTS_AUDIT } from './adapters/result.repository.ts';

beforeEach(async () => {
  await clearFirestore();
  // Clearing Firestore also removes the token seed head while the function host's keyring cache still
  // trusts it; bootstrapping one from here gives the host's linkage transaction a head to read.
  await activeKeyring();
});

const PATIENT = 'CC-1029384756';
const TEXT = 'Resultado Positivo: hemoglobina 9.1 g/dL';

/**
 * Registers the center the way the centers context announces it, so notifications knows its mailbox and the
 * tokens context its code (the issuer its patients' pseudonyms are keyed under).
 */
async function announceCenter(centerId: string, contactEmail: string) {
  await announceToTokens(centerId, 'LAB-1', contactEmail);
  await eventually(async () =>
    (await db().collection('notification-recipients').doc(`center:${centerId}`).get()).exists
      ? true
      : undefined,
  );
}

describe('clinical results', () => {
  it('stores no plaintext; reads are by policy and audited; the owning center gets a mail', async () => {
    const centerId = randomUUID();
    const contact = `lab-${centerId}@centers.example`;
    await announceCenter(centerId, contact);
    const center = await token(['health_center'], centerId);

    const res = await api('POST', '/results', {
      token: center,
      body: { patient: PATIENT, result: TEXT, code: '718-7' },
    });
    expect(res.status).toBe(201);
    const id = (res.body as { id: string }).id;
    expect(res.body).toMatchObject({ centerId, code: '718-7', patientIssuer: 'LAB-1' });
    expect(JSON.stringify(res.body)).not.toContain(PATIENT);

    // The raw Firestore document: a pseudonym and a sealed field, neither the identifier nor the text.
    const raw = JSON.stringify((await db().collection(RESULTS).doc(id).get()).data());
    expect(raw).toMatch(/"patientPseudonym":"psn:patient_id:v\d+:/);
    expect(raw).not.toContain(PATIENT);
    expect(raw).not.toContain('1029384756');
    expect(raw).not.toContain('hemoglobina');
    expect(raw).not.toContain(TEXT);

    const own = await api('GET', `/results/${id}`, { token: center });
    expect(own.body).toMatchObject({ id, result: TEXT });
    const expert = await api('GET', `/results/${id}`, { token: await token(['expert']) });
    expect(expert.body).toMatchObject({ result: TEXT });
    for (const other of [await token(['health_center'], randomUUID()), admin()]) {
      const meta = await api('GET', `/results/${id}`, { token: await other });
      expect(meta.status).toBe(200);
      expect(meta.body).not.toHaveProperty('result');
      expect(meta.body).toMatchObject({ id, centerId });
    }
    // Two plaintext reads, two audit records (the metadata reads leave none).
    const audit = await db().collection(RESULTS_AUDIT).where('resultId', '==', id).get();
    expect(audit.size).toBe(2);

    const mails = await eventually(async () => {
      const r = await fetch(`${suite().env.MAIL_API_URL}/messages?to=${encodeURIComponent(contact)}`);
      const items = ((await r.json()) as { items: { id: string; subject: string }[] }).items;
      return items.length > 0 ? items : undefined;
    }, 30_000);
    expect(mails[0]?.subject).toBe('Resultado clínico registrado');
    const body = await (await fetch(`${suite().env.MAIL_API_URL}/messages/${mails[0]?.id}`)).json();
    expect((body as { text: string }).text).toContain(id);
    expect(JSON.stringify(body)).not.toContain('hemoglobina');
  });

  it('rejects bad input with the failing fields, and other roles with 403', async () => {
    const center = await token(['health_center'], randomUUID());
    const bad = await api('POST', '/results', {
      token: center,
      body: { patient: '', code: 'no spaces!', extra: 1 },
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['body.code', 'body.extra', 'body.patient', 'body.result']);
    const client = await api('POST', '/results', {
      token: await token(['client']),
      body: { patient: 'x', result: 'y' },
    });
    expect(client.status).toBe(403);
    expect((await api('GET', `/results/${randomUUID()}`, { token: center })).status).toBe(404);
  });
});

const admin = () => token(['admin']);
