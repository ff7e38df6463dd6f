/**
 * The console in Chromium for a privacy officer: a center's policy refused a file for its missing Patient
 * ID; the officer sees it in the quarantine queue with its reason and PHI-free detail, the policy is
 * relaxed, and the officer reprocesses the file from the page: the row shows it reprocessed and anonymized,
 * and the audit trail has the officer's action.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, token } from '../emulators/test/suite.ts';
import { IMAGES } from '../functions/imaging/adapters/catalogue.repository.ts';
import { INGESTS } from '../functions/imaging/adapters/ingest-ledger.ts';
import { explicitLittleEndian } from '../functions/imaging/fixtures/dicom-fixtures.ts';
import {
  finished,
  registeredCenter,
  upload,
  uploadPrefix,
} from '../functions/imaging/test/imaging-harness.ts';
import { db } from '../functions/platform/clients.ts';
import {
  type ConsoleSession,
  chromiumInstalled,
  onScreen,
  openConsole,
  screenshot,
  signInAs,
} from './test/browser-harness.ts';

const CODE = 'WEB-PRIVACY';
/** Keeps Clean Pixel Data off: its US files are held for the officer's pixel review. */
const HOLDING = 'WEB-HOLD';
const OCR_BOX = { x0: 20, y0: 2, x1: 28, y1: 6 };
let session: ConsoleSession;
let page: Page;
let refused: string;

const policy = async (requirePatientId: boolean) =>
  api('PUT', `/centers/${CODE}/imaging-policy`, {
    token: await token(['admin']),
    body: { requirePatientId },
  });

describe.skipIf(!chromiumInstalled)(
  'the web console in Chromium: a privacy officer reprocesses a refused file',
  () => {
    beforeAll(async () => {
      await registeredCenter(CODE);
      expect((await policy(true)).status).toBe(200);
      const u = await upload(
        uploadPrefix(CODE).at('NO-PID-WEB'),
        explicitLittleEndian({ phi: { patientId: '' } }),
      );
      expect(await finished(u.imageId)).toMatchObject({
        status: 'rejected',
        reason: 'no-patient-identifier',
      });
      refused = u.imageId;
      session = await openConsole();
      page = session.page;
    }, 180_000);

    afterAll(async () => {
      await session?.close();
    });

    it('shows the refused file in the queue with its reason and detail', async () => {
      await signInAs(page, session.web.url, ['privacy_officer']);
      const row = `[data-testid=quarantine] tr[data-image="${refused}"]`;
      await page.waitForSelector(row, { timeout: 30_000 });
      const cells = await page.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent ?? ''));
      expect(cells[4]).toBe('no-patient-identifier');
      expect(cells[5]?.length).toBeGreaterThan(10);
      await onScreen(page, `${row} button[data-action=reprocess]`);
      await screenshot(page, 'console-quarantine');
    });

    it('reprocesses it from the page once the policy allows it: the row shows it anonymized', async () => {
      expect((await policy(false)).status).toBe(200);
      const row = `[data-testid=quarantine] tr[data-image="${refused}"]`;
      await page.click(`${row} button[data-action=reprocess]`);
      await page.waitForSelector(`${row}[data-outcome=anonymized]`, { timeout: 60_000 });
      expect(await page.$eval('#bulk', (p) => (p as HTMLProgressElement).value)).toBe(1);
      await screenshot(page, 'console-quarantine-reprocessed');
      const audit = (await api('GET', '/quarantine/audit', { token: await token(['privacy_officer']) }))
        .body as {
        items: { imageId: string; action: string; role: string }[];
      };
      expect(audit.items.filter((a) => a.imageId === refused)).toEqual([
        expect.objectContaining({ action: 'reprocess', role: 'privacy_officer' }),
      ]);
    }, 120_000);

    it('shows the reprocessing in the audit log view', async () => {
      const [view] = await page.$$('xpath/.//nav/button[text()="Auditoría"]');
      await view?.click();
      const row = await page.waitForSelector(
        `xpath/.//table[@data-testid="table-/quarantine/audit"]//tr[td[5][text()="${refused.slice(0, 8)}"]]`,
      );
      const cells = await row?.$$eval('td', (tds) => tds.map((td) => td.textContent));
      // When, action, user, role, image, reason, outcome.
      expect(cells?.slice(1, 2)).toEqual(['reprocess']);
      expect(cells?.slice(3, 6)).toEqual(['privacy_officer', refused.slice(0, 8), 'no-patient-identifier']);
      await onScreen(page, '[data-testid="table-/quarantine/audit"]');
      await screenshot(page, 'console-quarantine-audit');
    });

    it('reviews a held image’s pixels: the frame and the OCR’s boxes shown, a region dragged, one typed and the OCR’s taken, published with all filled', async () => {
      await registeredCenter(HOLDING);
      const off = await api('PUT', `/centers/${HOLDING}/imaging-policy`, {
        token: await token(['admin']),
        body: { cleanPixels: false },
      });
      expect(off.status).toBe(200);
      const up = uploadPrefix(HOLDING);
      const u = await upload(
        up.at('US-WEB-HELD'),
        explicitLittleEndian({ modality: 'US', rows: 32, columns: 32 }),
      );
      expect(await finished(u.imageId)).toMatchObject({ status: 'held', reason: 'burned-in-risk' });
      // As the pipeline records them when the OCR holds an image with text left (a real OCR never leaves
      // text on the test fixtures, so the boxes are written here): the review shows and can use them.
      await db()
        .collection(INGESTS)
        .doc(u.imageId)
        .update({ boxes: [OCR_BOX] });

      await page.reload();
      const [queue] = await page.$$('xpath/.//nav/button[text()="Cuarentena"]');
      await queue?.click();
      const row = `[data-testid=quarantine] tr[data-image="${u.imageId}"]`;
      await page.waitForSelector(`${row} button[data-action=review]`, { timeout: 30_000 });
      await page.click(`${row} button[data-action=review]`);
      await page.waitForFunction(
        () =>
          (document.querySelector('[data-testid=pixel-review] img') as HTMLImageElement | null)
            ?.naturalWidth === 32,
        { timeout: 30_000 },
      );
      // Drag a region over the frame's top-left quarter.
      const svg = await page.waitForSelector('[data-testid=pixel-review] svg');
      const box = (await svg?.boundingBox()) as { x: number; y: number; width: number; height: number };
      await page.mouse.move(box.x + box.width * 0.05, box.y + box.height * 0.05);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.3, { steps: 5 });
      await page.mouse.up();
      // And one typed in pixels, as a keyboard user would.
      for (const [k, v] of Object.entries({ x0: '20', y0: '24', x1: '31', y1: '31' }))
        await page.type(`[data-testid=pixel-review] input[name=${k}]`, v);
      await page.click('[data-testid=pixel-review] form button[type=submit]');
      expect(await page.$$eval('[data-testid=regions] li', (lis) => lis.length)).toBe(2);
      expect(await page.$$eval('[data-testid=pixel-review] svg rect.ocr', (rs) => rs.length)).toBe(1);
      await page.click('[data-testid=pixel-review] button[data-action=use-ocr-boxes]');
      expect(await page.$$eval('[data-testid=regions] li', (lis) => lis.length)).toBe(3);
      await onScreen(page, '[data-testid=pixel-review] img, [data-testid=pixel-review] svg');
      await screenshot(page, 'console-pixel-review');

      await page.click('[data-testid=pixel-review] button[data-action=publish-reviewed]');
      await page.waitForSelector(`${row}[data-outcome=anonymized]`, { timeout: 60_000 });
      const record = await eventually(async () => {
        const docs = (await db().collection(IMAGES).where('uploadId', '==', up.uploadId).get()).docs;
        return docs[0]?.data();
      });
      const boxes = (record as { pixelCleaning: { boxes: Record<string, number>[] } }).pixelCleaning.boxes;
      expect(boxes).toHaveLength(3);
      expect(boxes).toContainEqual({ x0: 20, y0: 24, x1: 31, y1: 31 });
      expect(boxes).toContainEqual(OCR_BOX);
      const dragged = boxes.find((b) => b.x0 !== 20) as Record<string, number>;
      expect(dragged.x0).toBeLessThanOrEqual(2);
      expect(dragged.x1).toBeGreaterThanOrEqual(10);
      const audit = (await api('GET', '/quarantine/audit', { token: await token(['privacy_officer']) }))
        .body as { items: { imageId: string; action: string }[] };
      expect(audit.items).toContainEqual(
        expect.objectContaining({ imageId: u.imageId, action: 'pixel-review' }),
      );
    }, 180_000);
  },
);
