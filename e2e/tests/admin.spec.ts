import { expect, test } from '@playwright/test';
import { expectAccessible, login } from './helpers';

const PAGES = [
  '/beheer',
  '/beheer/gebruikers',
  '/beheer/organisaties',
  '/beheer/gemeenten',
  '/beheer/mandaten',
  '/beheer/tokens',
];

for (const url of PAGES) {
  test(`beheerder: ${url}`, async ({ page }, testInfo) => {
    await login(page, 'beheerder');
    const response = await page.goto(url);
    expect(response?.status(), `status of ${url}`).toBe(200);
    expect(new URL(page.url()).pathname).toBe(url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page, url, testInfo);
  });
}
