/**
 * The authorization matrix of the catalogue, through the whole suite: every image route × every kind of
 * caller, each cell asserted. Grants come from real subscriptions (HTTP → saga → events → projection).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureUser, signIn } from '../../emulators/auth/users.ts';
import { api, eventually, suite, token } from '../../emulators/test/suite.ts';
import { db } from '../platform/clients.ts';
import { DICOMWEB_INSTANCES } from './adapters/dicomweb-index.repository.ts';
import { el, explicitLittleEndian, fixtureUid } from './fixtures/dicom-fixtures.ts';
import { finished, registeredCenter, upload, uploadPrefix } from './test/imaging-harness.ts';

const client = { names: 'Ana', surnames: 'Ruiz', rut: '1-9', cedula: '52000111', email: 'ana@r.example' };
type Cell = 'a' | 'b';
type Caller = { name: string; token: string; sees: Cell[] };

async function clientUser(name: string) {
  const email = `${name}-${randomUUID().slice(0, 8)}@clients.example`;
  const s = suite();
  await ensureUser(s.projectId, { email, roles: ['client'] });
  return signIn(s.env.FIREBASE_AUTH_EMULATOR_HOST as string, email);
}

async function subscribed(me: string, planCode: 'basic' | 'pro'): Promise<string> {
  const res = await api('POST', '/subscriptions', {
    token: me,
    body: { clientCode: `M-${randomUUID().slice(0, 6)}`, planCode, client },
  });
  expect(res.status).toBe(202);
  const location = res.headers.get('location') as string;
  await eventually(async () => {
    const r = await api('GET', location, { token: me });
    return (r.body as { status?: string }).status === 'ACTIVE' ? true : undefined;
  }, 50_000);
  return location;
}

/**
 * Waits until the caller does (or does not) see image a, the PRO dataset's: grants are projected
 * asynchronously, as a client would retry. Other tests' images may share the catalogue, so only ours count.
 */
const seesA = (me: string, sees: boolean) =>
  eventually(async () => {
    const r = await api('GET', `/images/${ids.a}`, { token: me });
    return (r.status === 200) === sees ? true : undefined;
  }, 30_000);

const ids: Record<Cell, string> = { a: '', b: '' };
/** The de-identified UIDs each image is served under by DICOMweb (from the DICOMweb index). */
const uids: Record<Cell, { study: string; series: string; sop: string }> = {
  a: { study: '', series: '', sop: '' },
  b: { study: '', series: '', sop: '' },
};
const dicomweb = (path: string, bearer: string, accept: string) =>
  fetch(`${suite().apiUrl}${path}`, { headers: { Authorization: `Bearer ${bearer}`, Accept: accept } });
let overdue = '';
const callers: Caller[] = [];

beforeAll(async () => {
  const [centerA, centerB] = [await registeredCenter('ACC-A'), await registeredCenter('ACC-B')];
  // Center A sends a chest CT (the PRO dataset: CT, chest); center B a head MR (in no plan's dataset).
  const ct = explicitLittleEndian({
    modality: 'CT',
    uids: { study: fixtureUid(9, 1), sop: fixtureUid(9, 2) },
  });
  const mr = explicitLittleEndian({
    modality: 'MR',
    uids: { study: fixtureUid(9, 3), sop: fixtureUid(9, 4) },
    extra: [el(0x00180015, 'CS', 'HEAD')],
  });
  ids.a = (await upload(uploadPrefix('ACC-A').at('ct.dcm'), ct)).imageId;
  ids.b = (await upload(uploadPrefix('ACC-B').at('mr.dcm'), mr)).imageId;
  await finished(ids.a);
  await finished(ids.b);
  for (const cell of ['a', 'b'] as const)
    uids[cell] = await eventually(async () => {
      const snap = await db().collection(DICOMWEB_INSTANCES).where('imageId', '==', ids[cell]).get();
      return snap.docs[0]?.data() as (typeof uids)[Cell] | undefined;
    }, 30_000);

  const admin = await token(['admin']);
  expect((await api('PUT', '/experts/e-access', { token: admin, body: { capacity: 5 } })).status).toBe(200);
  const [none, cancelled, basic, pro, lapsed] = await Promise.all(
    ['none', 'cancelled', 'basic', 'pro', 'lapsed'].map((n) => clientUser(n)),
  );
  await subscribed(basic as string, 'basic');
  await subscribed(pro as string, 'pro');
  const gone = await subscribed(cancelled as string, 'pro');
  await seesA(cancelled as string, true);
  expect((await api('POST', `${gone}/cancel`, { token: cancelled, body: {} })).status).toBe(202);
  await seesA(cancelled as string, false);
  await seesA(pro as string, true);
  // A declined payment makes the subscription PAST_DUE: the grant is suspended, and the next payment restores it.
  overdue = await subscribed(lapsed as string, 'pro');
  await seesA(lapsed as string, true);
  const pay = (paymentMethod: string) =>
    api('POST', `${overdue}/payments`, { token: lapsed, body: { paymentMethod } });
  expect((await pay('pm_card_declined')).status).toBe(202);
  await seesA(lapsed as string, false);

  callers.push(
    { name: 'client, no subscription', token: none as string, sees: [] },
    { name: 'client, cancelled PRO', token: cancelled as string, sees: [] },
    { name: 'client, ACTIVE basic', token: basic as string, sees: [] },
    { name: 'client, ACTIVE PRO (CT chest)', token: pro as string, sees: ['a'] },
    { name: 'client, PRO past due', token: lapsed as string, sees: [] },
    { name: 'center A', token: await token(['health_center'], centerA.centerId), sees: ['a'] },
    { name: 'center B', token: await token(['health_center'], centerB.centerId), sees: ['b'] },
    { name: 'expert', token: await token(['expert']), sees: ['a', 'b'] },
    { name: 'admin', token: admin, sees: ['a', 'b'] },
  );
}, 240_000);

describe('who sees which catalogue image', () => {
  it('GET /images lists exactly the caller’s granted images', async () => {
    for (const c of callers) {
      const r = await api('GET', '/images?pageSize=100', { token: c.token });
      expect(r.status, c.name).toBe(200);
      const listed = (r.body as { items: { imageId: string }[] }).items.map((i) => i.imageId);
      const ours = (['a', 'b'] as const).filter((cell) => listed.includes(ids[cell]));
      expect(ours, c.name).toEqual(c.sees);
    }
  });

  it('GET /images/{id} and its download answer 200 inside the grant and 404 outside', async () => {
    for (const c of callers)
      for (const cell of ['a', 'b'] as const) {
        const want = c.sees.includes(cell) ? 200 : 404;
        const record = await api('GET', `/images/${ids[cell]}`, { token: c.token });
        expect(record.status, `${c.name} GET /images/${cell}`).toBe(want);
        const link = await api('GET', `/images/${ids[cell]}/download`, { token: c.token });
        expect(link.status, `${c.name} download ${cell}`).toBe(want);
        if (want === 200) expect((await fetch((link.body as { url: string }).url)).status).toBe(200);
      }
  });

  it('QIDO-RS finds exactly the granted studies; WADO-RS serves them and reads others as absent', async () => {
    for (const c of callers)
      for (const cell of ['a', 'b'] as const) {
        const { study, series, sop } = uids[cell];
        const granted = c.sees.includes(cell);
        const found = await dicomweb(
          `/dicomweb/studies?StudyInstanceUID=${study}`,
          c.token,
          'application/dicom+json',
        );
        expect(found.status, `${c.name} QIDO ${cell}`).toBe(granted ? 200 : 204);
        if (granted) expect(JSON.stringify(await found.json())).toContain(study);
        const instance = `/dicomweb/studies/${study}/series/${series}/instances/${sop}`;
        for (const [path, accept] of [
          [`${instance}/metadata`, 'application/dicom+json'],
          [instance, 'multipart/related; type="application/dicom"'],
          [`${instance}/frames/1`, 'multipart/related; type="application/octet-stream"'],
          [`${instance}/rendered`, 'image/png'],
        ] as const) {
          const r = await dicomweb(path, c.token, accept);
          expect(r.status, `${c.name} ${path.replace(instance, 'instance')} ${cell}`).toBe(
            granted ? 200 : 404,
          );
          await r.arrayBuffer();
        }
      }
  });

  it('gives a past-due client its grant back once a payment goes through', async () => {
    const lapsed = callers.find((c) => c.name.includes('past due'))?.token as string;
    const paid = await api('POST', `${overdue}/payments`, {
      token: lapsed,
      body: { paymentMethod: 'pm_card_visa' },
    });
    expect(paid.status).toBe(202);
    await seesA(lapsed, true);
    callers.splice(
      callers.findIndex((c) => c.token === lapsed),
      1,
    );
  });

  it('shows a client no upload id, and refuses roles that read no images', async () => {
    const pro = callers.find((c) => c.name.includes('PRO ('))?.token as string;
    const view = (await api('GET', `/images/${ids.a}`, { token: pro })).body as Record<string, unknown>;
    expect(view.imageId).toBe(ids.a);
    expect(view).not.toHaveProperty('uploadId');
    const officer = await token(['privacy_officer']);
    expect((await api('GET', '/images', { token: officer })).status).toBe(403);
    expect((await api('GET', '/images')).status).toBe(401);
  });
});
