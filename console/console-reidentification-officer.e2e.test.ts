/**
 * The console in Chromium for a re-identification officer: a reversible token is revealed only with a stated
 * purpose, the value is shown on the page, and the reveal is in the audit trail with that purpose and officer.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../functions/platform/clients.ts';
import { TOKEN_REVEALS } from '../functions/tokens/adapters/vault.repository.ts';
import { rotate, tokenizeApi } from '../functions/tokens/tokens.test-support.ts';
import {
  type ConsoleSession,
  chromiumInstalled,
  onScreen,
  openConsole,
  screenshot,
  signInAs,
} from './test/browser-harness.ts';

const VALUE = 'reveal-me@console.example';
const PURPOSE = 'Incidental finding: the center must contact the patient';

describe.skipIf(!chromiumInstalled)('the web console in Chromium: a re-identification officer', () => {
  let session: ConsoleSession;
  let page: Page;
  let revealed: string;

  beforeAll(async () => {
    await rotate();
    const res = await tokenizeApi([{ field: 'email', value: VALUE }]);
    expect(res.status).toBe(200);
    revealed = (res.body as { tokens: string[] }).tokens[0] as string;
    session = await openConsole();
    page = session.page;
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('reveals a token with a stated purpose, and the reveal is audited with it', async () => {
    await signInAs(page, session.web.url, ['reidentification_officer']);
    expect(await page.$$eval('nav button', (bs) => bs.map((b) => b.textContent))).toEqual(['Reidentificar']);
    await page.type('#tokens', revealed);
    await page.type('#purpose', PURPOSE);
    await page.click('form button[type=submit]');
    await page.waitForSelector('[data-testid=revealed] tbody tr');
    const cells = await page.$$eval('[data-testid=revealed] tbody td', (tds) =>
      tds.map((td) => td.textContent),
    );
    expect(cells).toEqual([revealed, VALUE]);
    await onScreen(page, '#purpose, [data-testid=revealed]');
    await screenshot(page, 'console-detokenize');

    const audit = (await db().collection(TOKEN_REVEALS).where('token', '==', revealed).get()).docs.map((d) =>
      d.data(),
    );
    expect(audit).toEqual([expect.objectContaining({ purpose: PURPOSE })]);
    // The trail names the officer, never the value revealed.
    expect(JSON.stringify(audit)).not.toContain(VALUE);
  });
});
