/**
 * The console in a real browser (Debian's Chromium, driven by puppeteer-core): a health center's user
 * signs in through the Auth emulator, chooses a folder's 20 DICOM files, sees each file's send progress,
 * and then the 20 outcomes arrive live (Server-Sent Events) without a reload. The page is checked for
 * what a person sees: key elements visible and on screen, on a desktop and on a tablet viewport, with
 * screenshots in `.local/screenshots/`. Also measured (printed, not asserted): first load, the gzipped
 * bundle, and how long after an outcome was recorded the open page showed it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStudy } from '../adapters/dicom/test/study-files.ts';
import { api, token } from '../emulators/test/suite.ts';
import { baselineJpeg } from '../functions/imaging/fixtures/jpeg-fixtures.ts';
import { pngImage } from '../functions/imaging/fixtures/png-fixtures.ts';
import { registeredCenter } from '../functions/imaging/test/imaging-harness.ts';
import {
  CHROMIUM,
  type ConsoleSession,
  chromiumInstalled,
  onScreen,
  openConsole,
  screenshot,
  signInAs,
} from './test/browser-harness.ts';

const FILES = 20;
if (!chromiumInstalled)
  console.warn(`skipping the console browser test: ${CHROMIUM} is missing (apt-get install chromium)`);

let session: ConsoleSession;
let page: Page;
let dir: string;
let centerId: string;

describe.skipIf(!chromiumInstalled)('the web console in Chromium: a health center uploads a folder', () => {
  beforeAll(async () => {
    ({ centerId } = await registeredCenter('WEB-CENTER'));
    session = await openConsole();
    page = session.page;
    dir = mkdtempSync(join(tmpdir(), 'console-folder-'));
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads, in Spanish by default, with a sign-in form; the bundle is measured', async () => {
    await page.goto(session.web.url, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#email');
    const loadMs = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return nav.loadEventEnd - nav.startTime;
    });
    const assets = join(session.web.outDir, 'assets');
    const gzipped = readdirSync(assets).reduce(
      (n, f) => n + gzipSync(readFileSync(join(assets, f))).length,
      0,
    );
    console.log(
      `console first load ${loadMs.toFixed(0)} ms; bundle ${(gzipped / 1024).toFixed(1)} KiB gzipped`,
    );
    expect(await page.$eval('button[type=submit]', (b) => b.textContent)).toBe('Iniciar sesión');
    expect(await page.$eval('label[for=email]', (l) => l.textContent)).toBe('Correo electrónico');
    await onScreen(page, '#email, #password, button[type=submit]');
    await screenshot(page, 'console-sign-in');
    // English on request, and back.
    await page.select('#lang', 'en');
    expect(await page.$eval('button[type=submit]', (b) => b.textContent)).toBe('Sign in');
    await page.select('#lang', 'es');
  });

  it('signs in; the role claim opens the upload view', async () => {
    await signInAs(page, session.web.url, ['health_center'], centerId);
    await page.waitForSelector('[data-testid=drop-zone]');
    const nav = await page.$$eval('nav button', (bs) => bs.map((b) => b.textContent));
    expect(nav).toEqual(['Subir estudios', 'Cargas anteriores', 'Imágenes', 'Notificaciones']);
  });

  it('sends a folder of 20 files with per-file progress; the 20 outcomes arrive live', async () => {
    const files = await writeStudy(dir, FILES, 'WEB');
    // Record when each outcome row first appears (the page is never reloaded).
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        for (const row of Array.from(
          document.querySelectorAll('[data-testid=outcomes] tr[data-status=anonymized]'),
        )) {
          const id = row.firstElementChild?.textContent ?? '';
          seen[id] ??= Date.now();
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const input = (await page.$('input#files')) as ElementHandle<HTMLInputElement> | null;
    await input?.uploadFile(...files);
    await page.waitForFunction(
      (n) => document.querySelectorAll('tr[data-state=sent]').length === n,
      { timeout: 60_000 },
      FILES,
    );
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=outcomes] tr[data-status=anonymized]').length === n,
      { timeout: 90_000 },
      FILES,
    );
    // The counts come from the upload's summary, a projection that may follow the per-file rows.
    await page.waitForFunction(
      (n) => document.querySelector('[data-count=anonymized] strong')?.textContent === String(n),
      { timeout: 30_000 },
      FILES,
    );
    const counts = await page.$$eval('[data-count] strong', (els) =>
      Object.fromEntries(
        els.map((e) => [e.parentElement?.getAttribute('data-count'), Number(e.textContent)]),
      ),
    );
    expect(counts).toEqual({ received: FILES, anonymized: FILES, rejected: 0, held: 0, pending: 0 });
    await onScreen(page, '#overall, [data-testid=counts], [data-testid=outcomes]');
    await screenshot(page, 'console-center-upload');

    // How long after the platform recorded an outcome the page showed it (same machine, same clock).
    const shownAt = await page.evaluate(() => (window as unknown as { seen: Record<string, number> }).seen);
    expect(Object.keys(shownAt)).toHaveLength(FILES);
    const uploadId = await page.$eval('[data-upload-id]', (e) => e.getAttribute('data-upload-id') as string);
    const view = (
      await api('GET', `/uploads/${uploadId}`, { token: await token(['health_center'], centerId) })
    ).body as { files: { imageId: string; finishedAt: string }[] };
    const lags = view.files.map((f) => (shownAt[f.imageId.slice(0, 8)] as number) - Date.parse(f.finishedAt));
    expect(lags.every(Number.isFinite)).toBe(true);
    lags.sort((x, y) => x - y);
    console.log(
      `outcome recorded → shown on the open page: p50 ${lags[Math.floor(lags.length / 2)]} ms, max ${lags[lags.length - 1]} ms`,
    );
  }, 180_000);

  it('fits a tablet: nothing runs off the side', async () => {
    await page.setViewport({ width: 768, height: 1024 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await onScreen(page, 'header h1, nav button, [data-testid=counts]');
    await screenshot(page, 'console-center-tablet');
  });
  it('lists the upload among past uploads, with its counts', async () => {
    const uploadId = await page.$eval('[data-upload-id]', (e) => e.getAttribute('data-upload-id') as string);
    const [past] = await page.$$('xpath/.//nav/button[text()="Cargas anteriores"]');
    await past?.click();
    const row = await page.waitForSelector(
      `xpath/.//table[@data-testid="table-/uploads"]//tr[td[3][text()="${uploadId.slice(0, 8)}"]]`,
    );
    const cells = await row?.$$eval('td', (tds) => tds.map((td) => td.textContent));
    // Opened, center, id, anonymized, refused, held, reasons.
    expect(cells?.slice(3, 6)).toEqual([String(FILES), '0', '0']);
    await onScreen(page, '[data-testid="table-/uploads"]');
    await screenshot(page, 'console-center-past-uploads');
  });

  it('opens a dropped zip: DICOM through STOW-RS, JPEG and PNG through resumable sessions, each outcome live', async () => {
    await (await page.$$('xpath/.//nav/button[text()="Subir estudios"]'))[0]?.click();
    await page.waitForSelector('[data-testid=drop-zone]');
    const dicom = (await writeStudy(mkdtempSync(join(dir, 'zip-')), 2, 'ZIP')).map((f) => readFileSync(f));
    const zip = join(dir, 'estudios.zip');
    writeFileSync(
      zip,
      zipSync({
        'estudio/IM0001.dcm': dicom[0] as Buffer,
        'estudio/IM0002.dcm': dicom[1] as Buffer,
        'fotos/lesion.jpg': baselineJpeg({ width: 16, height: 16 }),
        'fotos/scan.png': pngImage({ width: 16, height: 16 }),
        'notas.txt': Buffer.from('not an image'),
      }),
    );
    const input = (await page.$('input#files')) as ElementHandle<HTMLInputElement> | null;
    await input?.uploadFile(zip);
    // One row per file inside the zip, each sent.
    await page.waitForFunction(() => document.querySelectorAll('tr[data-state=sent]').length === 5, {
      timeout: 60_000,
    });
    const names = await page.$$eval('tr[data-state] td:first-child', (tds) =>
      tds.map((td) => td.textContent),
    );
    expect(names).toContain('estudios.zip/fotos/scan.png');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid=outcomes] tr[data-status=anonymized]').length === 4 &&
        document.querySelectorAll('[data-testid=outcomes] tr[data-status=rejected]').length === 1,
      { timeout: 90_000 },
    );
    // The refused text file carries its reason and a detail a person can act on.
    const refused = await page.$$eval('[data-testid=outcomes] tr[data-status=rejected] td', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    );
    expect(refused[2]).toMatch(/\S/);
    expect(refused[3]).toMatch(/\S/);
    // What the platform stored: two DICOM, one JPEG and one PNG, under neutral names (never the zip's).
    const uploadId = await page.$eval('[data-upload-id]', (e) => e.getAttribute('data-upload-id') as string);
    const view = (
      await api('GET', `/uploads/${uploadId}`, { token: await token(['health_center'], centerId) })
    ).body as { files: { status: string }[] };
    expect(view.files.filter((f) => f.status === 'anonymized')).toHaveLength(4);
    expect(JSON.stringify(view)).not.toMatch(/lesion|scan\.png|notas/);
    await onScreen(page, '[data-testid=counts], [data-testid=outcomes]');
    await screenshot(page, 'console-center-zip');
  }, 180_000);
});
