/**
 * The console in Debian's Chromium for end-to-end tests: the console served against the test suite, a
 * browser set to Spanish (Colombia), a user of a role signed in through the page, and what a person sees
 * (visible, on screen) checked before a screenshot lands in `.local/screenshots/`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { ensureUser } from '../../emulators/auth/users.ts';
import { suite } from '../../emulators/test/suite.ts';
import { type RunningConsole, startConsole } from '../serve/serve-console.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM);
export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const SHOTS = join(ROOT, '.local/screenshots');

export interface ConsoleSession {
  web: RunningConsole;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Serves the console against the test suite and opens it in a Spanish-speaking Chromium. */
export async function openConsole(): Promise<ConsoleSession> {
  const s = suite();
  const web = await startConsole({
    root: ROOT,
    stateDir: s.stateDir,
    projectId: s.projectId,
    apiUrl: s.apiUrl,
    authHost: s.env.FIREBASE_AUTH_EMULATOR_HOST as string,
    portOffset: Number(process.env.TEST_PORT_OFFSET ?? 10_000),
  });
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox'],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const cdp = await page.createCDPSession();
  await cdp.send('Network.setUserAgentOverride', {
    userAgent: await browser.userAgent(),
    acceptLanguage: 'es-CO',
  });
  mkdirSync(SHOTS, { recursive: true });
  return {
    web,
    browser,
    page,
    close: async () => {
      await browser.close();
      await web.child.stop();
    },
  };
}

/** Creates a user with these roles and signs it in through the page's form. */
export async function signInAs(
  page: Page,
  url: string,
  roles: string[],
  centerId?: string,
): Promise<{ email: string; password: string }> {
  const user = {
    email: `${roles.join('-')}-console@e2e.saludtech.example`,
    password: randomBytes(12).toString('base64url'),
  };
  await ensureUser(suite().projectId, { ...user, roles, ...(centerId ? { centerId } : {}) } as Parameters<
    typeof ensureUser
  >[1]);
  await page.goto(url, { waitUntil: 'networkidle0' });
  await page.waitForSelector('#email');
  await page.type('#email', user.email);
  await page.type('#password', user.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('nav button', { timeout: 30_000 });
  return user;
}

/** An ID token for a user the page signed in (the same sign-in API the page's SDK uses). */
export async function idTokenOf(user: { email: string; password: string }): Promise<string> {
  const res = await fetch(
    `http://${suite().env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...user, returnSecureToken: true }),
    },
  );
  return ((await res.json()) as { idToken: string }).idToken;
}

/** Every element matching `selector` is visible and inside the viewport's width. */
export async function onScreen(p: Page, selector: string): Promise<void> {
  const boxes = await p.$$eval(selector, (els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      const style = getComputedStyle(e);
      return {
        w: r.width,
        h: r.height,
        left: r.left,
        right: r.right,
        hidden: style.visibility === 'hidden' || style.display === 'none',
      };
    }),
  );
  expect(boxes.length, selector).toBeGreaterThan(0);
  const width = await p.evaluate(() => window.innerWidth);
  for (const b of boxes) {
    expect(b.hidden, selector).toBe(false);
    expect(b.w * b.h, selector).toBeGreaterThan(0);
    expect(b.left, selector).toBeGreaterThanOrEqual(0);
    expect(b.right, selector).toBeLessThanOrEqual(width + 1);
  }
}

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
