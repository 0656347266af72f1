import { expect, test } from '@playwright/test';
import { expectAccessible, login, logout, PASSWORD, path, submitPassword } from './helpers';

test('login page', async ({ page }, testInfo) => {
  const response = await page.goto('/inloggen');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/Inloggen/);
  await expect(page.getByRole('heading', { level: 1, name: 'Inloggen' })).toBeVisible();
  await expect(page.getByLabel('Gebruikersnaam', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Wachtwoord', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Inloggen', exact: true })).toBeVisible();
  await expect(page.locator('input[type=hidden][name=csrf]')).toHaveCount(1);
  await expectAccessible(page, 'login page', testInfo);
});

test('a wrong password shows an error and stays on the login page', async ({ page }, testInfo) => {
  const response = await submitPassword(page, 'coa', 'Dit-is-niet-het-wachtwoord');
  expect(response?.status()).toBe(422);
  expect(path(page)).toBe('/inloggen');
  const summary = page.getByRole('alert');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText(/probleem/i);
  await expect(page.getByLabel('Gebruikersnaam', { exact: true })).toHaveValue('coa');
  await expect(page.getByLabel('Wachtwoord', { exact: true })).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Uitloggen' })).toHaveCount(0);
  await expectAccessible(page, 'login page with an error', testInfo);
});

test('keyboard only: Tab to username, password and submit, log in with Enter', async ({ page }) => {
  await page.goto('/inloggen');
  const username = page.getByLabel('Gebruikersnaam', { exact: true });
  const password = page.getByLabel('Wachtwoord', { exact: true });
  const submit = page.getByRole('button', { name: 'Inloggen', exact: true });

  // From the top of the page: skip link and header links come first.
  let presses = 0;
  for (; presses < 10; presses++) {
    await page.keyboard.press('Tab');
    if (await username.evaluate((el) => el === document.activeElement)) break;
  }
  await expect(username, `username field reached with Tab (${presses + 1} presses)`).toBeFocused();
  await page.keyboard.type('beleid');
  await page.keyboard.press('Tab');
  await expect(password).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  await expect(submit).toBeFocused();
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  expect(path(page)).toBe('/');
  await expect(page.getByRole('heading', { level: 1, name: /goedendag/i })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('beleid logs in, sees the home page and logs out', async ({ page }) => {
    await login(page, 'beleid');
    await expect(page.getByRole('heading', { level: 1, name: /goedendag/i })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Hoofdnavigatie' })).toBeVisible();
    await logout(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Inloggen' })).toBeVisible();
  });
});
