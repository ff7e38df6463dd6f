/**
 * The console in Chromium for a research client: it sees the plans, subscribes to PRO with the seed's
 * fields (the page sends the seed body to `POST /suscripciones/suscripcion-comando`), watches the saga's
 * steps arrive live until PROCESSED, then browses exactly the images its subscription grants: a chest CT
 * (the PRO dataset) and not a head MR. Another client cannot read its saga.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, token } from '../emulators/test/suite.ts';
import { el, explicitLittleEndian, fixtureUid } from '../functions/imaging/fixtures/dicom-fixtures.ts';
import {
  finished,
  registeredCenter,
  upload,
  uploadPrefix,
} from '../functions/imaging/test/imaging-harness.ts';
import {
  type ConsoleSession,
  chromiumInstalled,
  idTokenOf,
  onScreen,
  openConsole,
  screenshot,
  signInAs,
} from './test/browser-harness.ts';

let session: ConsoleSession;
let page: Page;
const ids = { ct: '', mr: '' };

describe.skipIf(!chromiumInstalled)(
  'the web console in Chromium: a client subscribes PRO and browses its grant',
  () => {
    beforeAll(async () => {
      await registeredCenter('WEB-CLIENT');
      const ct = explicitLittleEndian({
        modality: 'CT',
        uids: { study: fixtureUid(41, 1), sop: fixtureUid(41, 2) },
      });
      const mr = explicitLittleEndian({
        modality: 'MR',
        uids: { study: fixtureUid(41, 3), sop: fixtureUid(41, 4) },
        extra: [el(0x00180015, 'CS', 'HEAD')],
      });
      ids.ct = (await upload(uploadPrefix('WEB-CLIENT').at('ct.dcm'), ct)).imageId;
      ids.mr = (await upload(uploadPrefix('WEB-CLIENT').at('mr.dcm'), mr)).imageId;
      await finished(ids.ct);
      await finished(ids.mr);
      const admin = await token(['admin']);
      expect((await api('PUT', '/experts/e-web', { token: admin, body: { capacity: 5 } })).status).toBe(200);
      session = await openConsole();
      page = session.page;
    }, 180_000);

    afterAll(async () => {
      await session?.close();
    });

    it('subscribes to PRO with the seed fields and watches the saga finish, live', async () => {
      const user = await signInAs(page, session.web.url, ['client']);
      await page.waitForSelector('[data-testid=plans] tr[data-plan=pro]');
      await page.click('button[data-subscribe=pro]');
      const fields = {
        codigo: '0001',
        nombres: 'Pablo',
        apellidos: 'Perez Prieto',
        usuario: 'pperez',
        rut: '123457890',
        cedula: '123457890',
        email: 'pperez@domain.com',
      };
      for (const [k, v] of Object.entries(fields)) await page.type(`#f-${k}`, v);
      await page.click('[data-testid=subscribe-form] button[type=submit]');
      await page.waitForSelector('[data-testid=saga] tr[data-step]', { timeout: 60_000 });
      await page.waitForSelector('[data-testid=saga][data-status=PROCESSED]', { timeout: 90_000 });
      const steps = await page.$$eval('[data-testid=saga] tr[data-step]', (rows) =>
        rows.map((r) => [r.getAttribute('data-step'), r.getAttribute('data-status')]),
      );
      expect(steps.length).toBeGreaterThan(0);
      for (const [, status] of steps) expect(status).toBe('PROCESSED');
      await onScreen(page, '[data-testid=saga]');
      await screenshot(page, 'console-client-saga');

      // The saga is the owner's: another client reads nothing.
      const own = await idTokenOf(user);
      const id = await page.$eval('[data-testid=saga]', (e) => e.getAttribute('data-saga-id') as string);
      expect((await api('GET', `/sagas/${id}`, { token: own })).status).toBe(200);
      expect((await api('GET', `/sagas/${id}`, { token: await token(['client']) })).status).toBe(404);

      // Exactly what the grant allows: the page lists what GET /images answers this client, with the CT, without the MR.
      const granted = await (async () => {
        for (let i = 0; i < 60; i++) {
          const b = (await api('GET', '/images?pageSize=50', { token: own })).body as {
            items: { imageId: string }[];
          };
          if (b.items.some((x) => x.imageId === ids.ct)) return b.items.map((x) => x.imageId.slice(0, 8));
          await new Promise((r) => setTimeout(r, 500));
        }
        throw new Error('the grant never covered the CT');
      })();
      const nav = await page.$$('nav button');
      await nav[1]?.click();
      await page.waitForSelector('[data-testid=images] tbody tr[data-image]');
      const shown = await page.$$eval('[data-testid=images] tbody tr[data-image] td:nth-child(2)', (tds) =>
        tds.map((t) => t.textContent),
      );
      expect(shown.sort()).toEqual([...granted].sort());
      expect(shown).toContain(ids.ct.slice(0, 8));
      expect(shown).not.toContain(ids.mr.slice(0, 8));

      // The CT's thumbnail is its WADO-RS rendering, decoded by the browser.
      const row = `[data-testid=images] tr[data-image="${ids.ct}"]`;
      await page.waitForFunction(
        (sel) =>
          ((document.querySelector(`${sel} img.thumb`) as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
        { timeout: 30_000 },
        row,
      );
      // Its metadata, with the DICOM UIDs of the anonymized instance (never the uploaded ones).
      await page.click(`${row} button[data-action=metadata]`);
      const meta = await page.$eval(`[data-metadata="${ids.ct}"]`, (e) => e.textContent ?? '');
      expect(meta).toMatch(/[a-z_]+\/CT/);
      expect(meta).toContain('sopInstanceUid');
      expect(meta).not.toContain(fixtureUid(41, 2));
      await onScreen(page, `${row} img.thumb, [data-metadata="${ids.ct}"]`);
      await screenshot(page, 'console-client-images');

      // Filters: a modality the grant does not cover lists nothing.
      await page.type('#f-modality', 'MR');
      await page.click('[data-testid=image-filters] button[type=submit]');
      await page.waitForFunction(() => document.querySelector('[data-testid=images] tbody') !== null);
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid=images] tbody tr[data-image]').length === 0,
      );

      // Download follows a signed URL to the anonymized object.
      await page.$eval('#f-modality', (i) => {
        (i as HTMLInputElement).value = 'CT';
      });
      await page.click('[data-testid=image-filters] button[type=submit]');
      await page.waitForSelector(`${row} button[data-action=download]`);
      const signed = new Promise<string>((resolve) =>
        page.on('request', (r) => {
          if (r.url().includes('X-Goog-Signature')) resolve(r.url());
        }),
      );
      await page.click(`${row} button[data-action=download]`);
      expect(await signed).toContain('X-Goog-Algorithm=GOOG4-RSA-SHA256');
    }, 240_000);
  },
);
