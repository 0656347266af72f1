import { expect, test } from '@playwright/test';
import { completeEnrolment, expectAccessible, login, path, submitPassword } from './helpers';

// Runs before every other test (project "enrolment"), on a fresh database.
test('first login of klantmanager leads to TOTP enrolment, and a code from the secret signs in', async ({ page }, testInfo) => {
  await submitPassword(page, 'klantmanager');
  expect(path(page), 'a first login of a role that needs a second factor goes to enrolment').toBe('/inloggen/instellen');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('#totp-secret')).toBeVisible();
  await expect(page.getByLabel('Code', { exact: true })).toBeVisible();
  await expectAccessible(page, 'TOTP enrolment page', testInfo);

  await completeEnrolment(page, 'klantmanager');
  expect(path(page)).toBe('/');
  await expect(page.getByRole('heading', { level: 1, name: /goedendag/i })).toBeVisible();
});

// The two finance users (who draft and approve payment runs, four eyes) enrol on their first
// login as well; `login` records their secrets for the ontzorging tests.
for (const username of ['financien', 'financien.controle']) {
  test(`first login of ${username} enrols TOTP`, async ({ page }) => {
    await login(page, username);
    expect(path(page)).toBe('/');
  });
}
