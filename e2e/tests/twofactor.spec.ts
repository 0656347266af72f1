import { expect, test } from '@playwright/test';
import { expectAccessible, loadSecret, login, logout, path, submitCode, submitPassword, submitWith, totp, totpStep } from './helpers';

test('second login of an enrolled user asks for the code (/inloggen/code)', async ({ page }, testInfo) => {
  // First login enrols (if no other test did), then log out and come back.
  await login(page, 'financien');
  await logout(page);

  await submitPassword(page, 'financien');
  expect(path(page)).toBe('/inloggen/code');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('#totp-secret')).toHaveCount(0);
  await expectAccessible(page, '2FA code page', testInfo);

  // A wrong code: an error, still on the code page.
  const secret = loadSecret('financien');
  const step = totpStep();
  const valid = new Set([step - 1, step, step + 1].map((s) => totp(secret, s)));
  let wrong = 0;
  while (valid.has(String(wrong).padStart(6, '0'))) wrong++;
  await page.getByLabel('Code', { exact: true }).fill(String(wrong).padStart(6, '0'));
  const response = await submitWith(page, page.getByRole('button', { name: 'Inloggen', exact: true }));
  expect(response?.status()).toBeGreaterThanOrEqual(400);
  expect(path(page)).toBe('/inloggen/code');
  await expect(page.getByRole('alert')).toBeVisible();
  await expectAccessible(page, '2FA code page with an error', testInfo);

  await submitCode(page, 'financien', secret, 'Inloggen');
  expect(path(page)).toBe('/');
  await expect(page.getByRole('heading', { level: 1, name: /goedendag/i })).toBeVisible();
});

test('logout ends the session', async ({ page }, testInfo) => {
  await login(page, 'helpdesk');
  await logout(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Inloggen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Uitloggen' })).toHaveCount(0);
  await expectAccessible(page, 'login page after logout', testInfo);
  // The old session no longer opens the home page.
  await page.goto('/');
  expect(path(page)).toBe('/inloggen');
});
