import { expect, test } from '@playwright/test';
import { expectAccessible, login } from './helpers';

test('home page after login', async ({ page }, testInfo) => {
  await login(page, 'teamleider');
  await expect(page.getByRole('heading', { level: 1, name: /goedendag/i })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Hoofdnavigatie' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Uitloggen', exact: true })).toBeVisible();
  await expectAccessible(page, 'home page', testInfo);
});

test('persons list /personen', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const response = await page.goto('/personen');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Personen' })).toBeVisible();
  await expect(page.getByRole('search')).toBeVisible();
  await expect(page.getByRole('table').getByRole('link').first()).toBeVisible();
  await expectAccessible(page, 'persons list', testInfo);
});

test('a person detail page, reached from the first person link', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  await page.goto('/personen');
  const first = page.getByRole('table').getByRole('link').first();
  const name = (await first.innerText()).trim();
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), first.click()]);
  expect(new URL(page.url()).pathname).toMatch(/^\/personen\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The detail page names the person (the list may show the name in another order).
  const firstWord = name.split(/[\s,]+/).filter((w) => w.length > 1)[0];
  await expect(page.locator('main')).toContainText(firstWord);
  await expectAccessible(page, 'person detail page', testInfo);
});

test('new person form /personen/nieuw', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const response = await page.goto('/personen/nieuw');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const form = page.locator('main form').filter({ has: page.locator('input[type=hidden][name=csrf]') });
  expect(await form.count(), 'a form with a csrf field in <main>').toBeGreaterThan(0);
  await expectAccessible(page, 'new person form', testInfo);
});

test('searching a person posts the form and keeps the query out of the URL', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  await page.goto('/personen');
  const first = page.getByRole('table').getByRole('link').first();
  // Search by the family name as listed ("Achternaam, Voornamen").
  const family = (await first.innerText()).split(',')[0].trim();
  await page.getByLabel(/zoek op naam/i).fill(family);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Zoeken' }).click(),
  ]);
  expect(new URL(page.url()).pathname).toBe('/personen/zoeken');
  expect(page.url()).not.toContain(encodeURIComponent(family));
  await expect(page.getByRole('table')).toContainText(family);
  await expectAccessible(page, 'person search results', testInfo);

  // A query that cannot be searched gets a Dutch message at the field.
  await page.getByLabel(/zoek op naam/i).fill('!!');
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Zoeken' }).click(),
  ]);
  await expect(page.locator('#fout-q')).toContainText('Zoek op');
  await expectAccessible(page, 'person search with an error', testInfo);
});
