/**
 * GET /uploads through the local suite: a center sees its own past uploads, newest first, each with the
 * counts its files reached; pages follow a cursor; another center's uploads stay out of sight.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, token } from '../../emulators/test/suite.ts';
import { explicitLittleEndian, truncated } from './fixtures/dicom-fixtures.ts';
import { finished, upload, uploadPrefix } from './test/imaging-harness.ts';
import { centerWithToken } from './test/stow-harness.ts';

const CODE = 'IMG-LST';
const OTHER = 'IMG-LSO';
let center: Awaited<ReturnType<typeof centerWithToken>>;
let other: Awaited<ReturnType<typeof centerWithToken>>;
const opened: string[] = [];

interface Page {
  items: { uploadId: string; centerCode: string; openedAt: string; anonymized: number; rejected: number }[];
  nextCursor?: string;
}

beforeAll(async () => {
  [center, other] = await Promise.all([centerWithToken(CODE), centerWithToken(OTHER)]);
  // Three uploads opened one after the other (POST /uploads), the last one holding a good and a bad file.
  for (let i = 0; i < 3; i++) {
    const res = await api('POST', '/uploads', { token: center.token, body: { fileName: `IM${i}.dcm` } });
    expect(res.status).toBe(200);
    opened.push((res.body as { uploadId: string }).uploadId);
  }
  const last = uploadPrefix(CODE, opened[2] as ReturnType<typeof crypto.randomUUID>);
  const good = await upload(last.at('GOOD'), explicitLittleEndian());
  const bad = await upload(last.at('BAD'), truncated());
  await Promise.all([finished(good.imageId), finished(bad.imageId)]);
  await api('POST', '/uploads', { token: other.token, body: { fileName: 'X.dcm' } });
});

describe('GET /uploads', () => {
  it('lists a center’s uploads newest first, with the counts their files reached', async () => {
    const page = await eventually(async () => {
      const p = (await api('GET', '/uploads', { token: center.token })).body as Page;
      const newest = p.items[0];
      return newest && newest.anonymized + newest.rejected === 2 ? p : undefined;
    });
    expect(page.items.map((u) => u.uploadId)).toEqual([...opened].reverse());
    expect(page.items[0]).toMatchObject({ centerCode: CODE, anonymized: 1, rejected: 1 });
    expect(page.items[1]).toMatchObject({ anonymized: 0, rejected: 0 });
  });

  it('pages with a cursor and never shows another center’s uploads', async () => {
    const first = (await api('GET', '/uploads?pageSize=2', { token: center.token })).body as Page;
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const rest = (await api('GET', `/uploads?pageSize=2&cursor=${first.nextCursor}`, { token: center.token }))
      .body as Page;
    expect([...first.items, ...rest.items].map((u) => u.uploadId)).toEqual([...opened].reverse());
    expect(rest.items.every((u) => u.centerCode === CODE)).toBe(true);
    const peek = await api('GET', `/uploads?center=${OTHER}`, { token: center.token });
    expect(peek.status).toBe(403);
  });

  it('lets an admin filter by center, and answers a forged cursor with the failing field', async () => {
    const admin = await token(['admin']);
    const page = (await api('GET', `/uploads?center=${OTHER}`, { token: admin })).body as Page;
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((u) => u.centerCode === OTHER)).toBe(true);
    const forged = await api('GET', '/uploads?cursor=bm90LW91cnM', { token: admin });
    expect(forged.status).toBe(400);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(forged.body)).toContain('query.cursor');
  });
});
