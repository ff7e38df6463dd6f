/** End to end: a center's drop through `POST /uploads`, its summary, and the catalogue queries and download. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, token } from '../../emulators/test/suite.ts';
import { baselineJpeg } from './fixtures/jpeg-fixtures.ts';
import {
  download,
  finished,
  registeredCenter,
  tapEvents,
  upload,
  uploadPrefix,
} from './test/imaging-harness.ts';

const CODE = 'IMG-Q';
let center: { centerId: string; code: string };
let tap: Awaited<ReturnType<typeof tapEvents>>;
const jpeg = (seed: number) => baselineJpeg({ width: 8 * (seed + 1), height: 8 });

beforeAll(async () => {
  tap = await tapEvents();
  center = await registeredCenter(CODE);
});
afterAll(() => tap.close());

describe('a health center drops files through POST /uploads', () => {
  it('gets a resumable session in its own folder, and the upload summary counts the outcome', async () => {
    const me = await token(['health_center'], center.centerId);
    const opened = await api('POST', '/uploads', {
      token: me,
      body: { fileName: 'knee.jpg', contentType: 'image/jpeg' },
    });
    expect(opened.status).toBe(200);
    const session = opened.body as { uploadId: string; object: string; sessionUrl: string };
    expect(session.object).toBe(`centers/${CODE}/${session.uploadId}/knee.jpg`);
    const bytes = jpeg(1);
    const put = await fetch(session.sessionUrl, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
      body: new Uint8Array(bytes),
    });
    expect(put.ok).toBe(true);

    // A second file joins the same upload: a text file, rejected.
    const second = await api('POST', '/uploads', {
      token: me,
      body: { fileName: 'notes.txt', uploadId: session.uploadId },
    });
    expect(second.status).toBe(200);
    const text = Buffer.from('not an image');
    await fetch((second.body as { sessionUrl: string }).sessionUrl, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes 0-${text.length - 1}/${text.length}` },
      body: new Uint8Array(text),
    });

    const summary = await eventually(async () => {
      const r = await api('GET', `/uploads/${session.uploadId}`, { token: me });
      const b = r.body as { anonymized?: number; rejected?: number };
      return r.status === 200 && b.anonymized === 1 && b.rejected === 1 ? b : undefined;
    }, 30_000);
    expect(summary).toMatchObject({
      received: 2,
      pending: 0,
      reasons: { 'not-an-image': 1 },
      centerCode: CODE,
    });

    const other = await registeredCenter('IMG-Q2');
    const stranger = await token(['health_center'], other.centerId);
    expect((await api('GET', `/uploads/${session.uploadId}`, { token: stranger })).status).toBe(403);
    const hijack = await api('POST', '/uploads', {
      token: stranger,
      body: { fileName: 'x.jpg', uploadId: session.uploadId },
    });
    expect(hijack.status).toBe(409);
  });

  it('refuses a file name with a path in it, naming the field', async () => {
    const me = await token(['health_center'], center.centerId);
    const r = await api('POST', '/uploads', { token: me, body: { fileName: '../other/x.jpg' } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ errors: [{ field: 'body.fileName' }] });
  });
});

describe('the image catalogue', () => {
  it('filters, pages with a cursor, and hands out a signed download URL', async () => {
    const up = uploadPrefix(CODE);
    const ids: string[] = [];
    for (const [i, bodyPart] of ['CHEST', 'CHEST', 'CHEST', 'KNEE'].entries()) {
      const u = await upload(up.at(`i${i}.jpg`), jpeg(i), { bodyPart, pathology: 'J18.9', modality: 'CR' });
      ids.push(u.imageId);
    }
    for (const id of ids) await finished(id);
    const expert = await token(['expert']);

    const page1 = await api('GET', `/images?center=${CODE}&region=chest&pageSize=2`, { token: expert });
    expect(page1.status).toBe(200);
    const p1 = page1.body as { items: { imageId: string; region: string }[]; nextCursor?: string };
    expect(p1.items).toHaveLength(2);
    expect(p1.nextCursor).toBeDefined();
    const page2 = await api('GET', `/images?center=${CODE}&region=chest&pageSize=2&cursor=${p1.nextCursor}`, {
      token: expert,
    });
    const p2 = page2.body as { items: { imageId: string }[]; nextCursor?: string };
    expect(p2.items).toHaveLength(1);
    expect(p2.nextCursor).toBeUndefined();
    expect(new Set([...p1.items, ...p2.items].map((i) => i.imageId))).toEqual(new Set(ids.slice(0, 3)));

    const knees = await api('GET', `/images?center=${CODE}&region=lower_limb&modality=CR&pathology=J18.9`, {
      token: expert,
    });
    expect((knees.body as { items: { imageId: string }[] }).items.map((i) => i.imageId)).toEqual([ids[3]]);

    const bad = await api('GET', '/images?cursor=nope&region=elbow', { token: expert });
    expect(bad.status).toBe(400);

    const link = await api('GET', `/images/${ids[3]}/download`, { token: expert });
    expect(link.status).toBe(200);
    const { url } = link.body as { url: string };
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const record = (await api('GET', `/images/${ids[3]}`, { token: expert })).body as { object: string };
    expect(Buffer.from(await res.arrayBuffer())).toEqual(await download('anonymized', record.object));
    // A client with no subscription is granted nothing: the image reads as absent (image-access.e2e.test.ts).
    expect((await api('GET', `/images/${ids[3]}/download`, { token: await token(['client']) })).status).toBe(
      404,
    );
  });
});
