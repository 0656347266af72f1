import { expect, test } from '@playwright/test';
import { expectAccessible, login, submitWith } from './helpers';

test('auditor: audit page and its search form', async ({ page }, testInfo) => {
  await login(page, 'auditor');
  const response = await page.goto('/audit');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, 'audit page', testInfo);

  const form = page.locator('main form').filter({ has: page.getByRole('button', { name: 'Zoeken' }) });
  await form.getByRole('textbox', { name: /gebruiker/i }).fill('klantmanager');
  const result = await submitWith(page, form.getByRole('button', { name: 'Zoeken' }));
  expect(result?.status()).toBe(200);
  const url = new URL(page.url());
  expect(url.pathname).toBe('/audit');
  expect(url.searchParams.get('gebruiker')).toBe('klantmanager');
  await expect(form.getByRole('textbox', { name: /gebruiker/i })).toHaveValue('klantmanager');
  await expect(page.getByRole('table')).toBeVisible();
  await expectAccessible(page, 'audit page with search results', testInfo);
});
