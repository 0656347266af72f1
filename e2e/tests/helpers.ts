import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, type Response, type TestInfo, test } from '@playwright/test';

export const PASSWORD = process.env.REGIE_DEMO_PASSWORD ?? 'Welkom-bij-Regie-2026';

/** Where TOTP secrets of enrolled users are kept for the rest of the run (one file per user). */
const STATE_DIR = process.env.REGIE_E2E_STATE_DIR ?? join(__dirname, '..', '.state');

// ---------------------------------------------------------------------------------------------
// TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30 s), computed here with Node's crypto module.

export function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = input.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not a base32 character: ${JSON.stringify(ch)} in ${JSON.stringify(input)}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totpStep(unixMillis = Date.now()): number {
  return Math.floor(unixMillis / 1000 / 30);
}

export function totp(secretBase32: string, step = totpStep()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return bin.toString().padStart(6, '0');
}

// ---------------------------------------------------------------------------------------------
// Secrets of enrolled users, shared between test files (and workers) through files.

function secretFile(username: string): string {
  return join(STATE_DIR, `totp-${username.replace(/[^a-z0-9.-]/gi, '_')}.txt`);
}

export function saveSecret(username: string, secret: string): void {
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(secretFile(username), secret.trim());
}

export function loadSecret(username: string): string {
  const f = secretFile(username);
  if (!existsSync(f)) {
    throw new Error(`${username} has already enrolled TOTP but no secret was recorded in ${STATE_DIR}; ` +
      'run the suite against a fresh database (e2e/run.sh does).');
  }
  return readFileSync(f, 'utf8').trim();
}

// The last TOTP step used per user in this process. A server may refuse a code that was used
// before; then the next attempt waits for the next 30 s step instead of failing.
const lastStep = new Map<string, number>();

async function freshCode(username: string, secret: string, waitForNewStep: boolean): Promise<string> {
  const used = lastStep.get(username);
  if (waitForNewStep && used !== undefined && totpStep() <= used) {
    await new Promise((r) => setTimeout(r, (used + 1) * 30_000 - Date.now() + 250));
  }
  const step = totpStep();
  lastStep.set(username, step);
  return totp(secret, step);
}

// ---------------------------------------------------------------------------------------------
// Accessibility.

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the current page and fails, with a readable list, on any WCAG 2.1 AA violation. */
export async function expectAccessible(page: Page, what: string, testInfo?: TestInfo): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const lines = results.violations.map((v) => {
    const nodes = v.nodes.map((n) => `      at ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ')}`);
    return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`;
  });
  if (testInfo && results.violations.length > 0) {
    await testInfo.attach(`axe-${what}`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' });
  }
  expect(results.violations.length, `axe (WCAG 2.1 AA) violations on ${what} (${page.url()}):\n${lines.join('\n')}`).toBe(0);
}

// ---------------------------------------------------------------------------------------------
// Logging in.

export function path(page: Page): string {
  return new URL(page.url()).pathname;
}

/** Submits a form by clicking a button and waits for the page that the POST (and its 303) leads to. */
export async function submitWith(page: Page, button: Locator): Promise<Response | null> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  return response;
}

async function throttled(page: Page, response: Response | null): Promise<boolean> {
  if (response?.status() === 429) return true;
  return (await page.getByRole('heading', { name: /te veel pogingen/i }).count()) > 0;
}

/** Fills the login form and submits it; waits out the per-address throttle (20 a minute) if hit. */
export async function submitPassword(page: Page, username: string, password = PASSWORD): Promise<Response | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.goto('/inloggen');
    await page.getByLabel('Gebruikersnaam', { exact: true }).fill(username);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
    const response = await submitWith(page, page.getByRole('button', { name: 'Inloggen', exact: true }));
    if (!(await throttled(page, response))) return response;
    const wait = 61_000 - (Date.now() % 60_000);
    test.info().annotations.push({ type: 'throttled', description: `login of ${username} throttled; waiting ${wait} ms` });
    await page.waitForTimeout(wait);
  }
  throw new Error(`login of ${username} stayed throttled`);
}

/** On the enrolment page: reads the secret, records it, submits a code. Returns the secret. */
export async function completeEnrolment(page: Page, username: string, testInfo?: TestInfo): Promise<string> {
  expect(path(page)).toBe('/inloggen/instellen');
  const secret = (await page.locator('#totp-secret').innerText()).trim();
  expect(secret, 'base32 secret in #totp-secret').toMatch(/^[A-Z2-7=\s]{16,}$/i);
  saveSecret(username, secret);
  await submitCode(page, username, secret, 'Bevestigen');
  return secret;
}

/** On /inloggen/code or /inloggen/instellen: fills a fresh code and submits; retries once on the next step. */
export async function submitCode(page: Page, username: string, secret: string, buttonName: string): Promise<void> {
  const start = path(page);
  for (let attempt = 0; attempt < 2; attempt++) {
    await page.getByLabel('Code', { exact: true }).fill(await freshCode(username, secret, attempt > 0));
    await submitWith(page, page.getByRole('button', { name: buttonName, exact: true }));
    if (path(page) !== start) return;
    // Still on the same page: the code was refused (e.g. a code used before). Try the next one.
  }
  throw new Error(`TOTP code for ${username} refused twice on ${start}: ${await page.locator('main').innerText()}`);
}

/**
 * Logs `username` in with the demo password, handling first-time TOTP enrolment and the TOTP
 * code page, and ends on the home page.
 */
export async function login(page: Page, username: string): Promise<void> {
  await submitPassword(page, username);
  if (path(page) === '/inloggen/instellen') {
    await completeEnrolment(page, username);
  } else if (path(page) === '/inloggen/code') {
    await submitCode(page, username, loadSecret(username), 'Inloggen');
  }
  expect(path(page), `after logging in as ${username}`).toBe('/');
}

/** Logs out with the header's button and checks that the login page follows. */
export async function logout(page: Page): Promise<void> {
  await submitWith(page, page.getByRole('button', { name: 'Uitloggen', exact: true }));
  expect(path(page)).toBe('/inloggen');
}
