import { expect, test } from '@playwright/test';
import { expectAccessible, login, logout, path, submitWith } from './helpers';

// Ontzorging screens: the plan list, a plan page (active and in preparation), the new-plan form,
// the payment run review with its four eyes, the monthly report and the settings. Every page
// type is checked with axe (WCAG 2.1 AA), also with a mistake on it. The forms are plain HTML
// posts; nothing here needs JavaScript.

test('plan list, an active plan and a plan in preparation', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  await submitWith(page, page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Ontzorgen' }));
  expect(path(page)).toBe('/ontzorging');
  await expect(page.getByRole('heading', { level: 1, name: 'Ontzorgen' })).toBeVisible();
  await expectAccessible(page, 'ontzorging plan list', testInfo);

  // Filtering is a GET form.
  await page.getByLabel('Status', { exact: true }).selectOption('actief');
  await submitWith(page, page.getByRole('button', { name: 'Filteren' }));
  expect(page.url()).toContain('status=actief');
  await submitWith(page, page.getByRole('table').getByRole('link').first());
  expect(path(page)).toMatch(/^\/ontzorging\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Status: Actief')).toBeVisible();
  await expect(page.getByRole('table', { name: /Wat het plan per maand betaalt/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Vaste lasten die de gemeente betaalt' })).toBeVisible();
  await expectAccessible(page, 'active plan page', testInfo);

  // A cost's change form opens without JavaScript (details/summary) and is accessible.
  await page.locator('details.cost-edit summary').first().click();
  await expectAccessible(page, 'active plan page with a change form open', testInfo);

  // An empty add-cost form: the messages at the fields, still accessible.
  const refused = await submitWith(page, page.getByRole('button', { name: 'Vaste last toevoegen' }));
  expect(refused?.status()).toBe(422);
  await expect(page.locator('#fout-kost-creditorName')).toContainText('schuldeiser');
  await expect(page.locator('#fout-kost-creditorIban')).toContainText('IBAN');
  await expect(page.getByRole('alert').first()).toContainText('Er is een probleem');
  await expectAccessible(page, 'plan page with a mistake in the add-cost form', testInfo);

  // A plan in preparation: activation without a machtiging is refused with the reason.
  await page.goto('/ontzorging?status=concept');
  const concept = page.getByRole('row').filter({ hasText: 'Geen machtiging' }).first();
  await submitWith(page, concept.getByRole('link'));
  await expect(page.getByText('Status: In voorbereiding')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Signalen' })).toBeVisible();
  await expectAccessible(page, 'plan in preparation', testInfo);
  const activate = await submitWith(page, page.getByRole('button', { name: 'Plan activeren' }));
  expect(activate?.status()).toBe(409);
  await expect(page.getByRole('alert').first()).toContainText(/machtiging|vaste lasten/);
  await expect(page.getByText('Status: In voorbereiding')).toBeVisible();
  await expectAccessible(page, 'plan with a refused activation', testInfo);
});

test('the new-plan form, with its mistakes', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  await page.goto('/ontzorging');
  await page.getByLabel('Id van de persoon', { exact: true }).fill('00000000-0000-7000-8000-000000000000');
  await submitWith(page, page.getByRole('button', { name: 'Nieuw plan' }));
  expect(path(page)).toBe('/ontzorging/nieuw');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Nieuw plan voor ontzorgen');
  await expectAccessible(page, 'new plan form', testInfo);

  await page.getByLabel('IBAN van de inburgeraar (voor het restant)').fill('NL00 FOUT');
  const response = await submitWith(page, page.getByRole('button', { name: 'Plan aanmaken' }));
  expect(response?.status()).toBe(422);
  await expect(page.locator('#fout-householdType')).toContainText('huishoudtype');
  await expect(page.locator('#fout-payeeIban')).toContainText('IBAN');
  await expect(page.getByLabel('IBAN van de inburgeraar (voor het restant)')).toHaveValue('NL00 FOUT');
  await expectAccessible(page, 'new plan form with mistakes', testInfo);
});

test('a payment run: the drafter is refused, the second finance user approves', async ({ page }, testInfo) => {
  await login(page, 'financien');
  await submitWith(page, page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Betaalruns' }));
  expect(path(page)).toBe('/betaalruns');
  await expectAccessible(page, 'payment run list', testInfo);
  const draft = page.getByRole('row').filter({ hasText: 'Concept, wacht op goedkeuring' }).first();
  await expect(draft, 'the demo run waiting for approval').toBeVisible();
  await submitWith(page, draft.getByRole('link'));
  const runPath = path(page);
  expect(runPath).toMatch(/^\/betaalruns\/[0-9a-f-]{36}$/);
  await expect(page.getByText('U heeft deze betaalrun zelf opgesteld.')).toBeVisible();
  await expectAccessible(page, 'payment run waiting for approval', testInfo);

  // Four eyes: the drafter cannot approve.
  const refused = await submitWith(page, page.getByRole('button', { name: 'Betaalrun goedkeuren' }));
  expect(refused?.status()).toBe(409);
  await expect(page.getByRole('alert').first()).toContainText('vier ogen');
  await expect(page.getByText('Status: Concept, wacht op goedkeuring')).toBeVisible();
  // A rejection needs a reason.
  const noReason = await submitWith(page, page.getByRole('button', { name: 'Betaalrun afwijzen' }));
  expect(noReason?.status()).toBe(422);
  await expect(page.locator('#fout-afwijzen-reason')).toContainText('reden');
  await expectAccessible(page, 'payment run with a refused approval and a mistake', testInfo);
  await logout(page);

  await login(page, 'financien.controle');
  await page.goto(runPath);
  await expect(page.getByText('U heeft deze betaalrun zelf opgesteld.')).toHaveCount(0);
  await submitWith(page, page.getByRole('button', { name: 'Betaalrun goedkeuren' }));
  expect(path(page)).toBe(runPath);
  await expect(page.getByText('Status: Goedgekeurd')).toBeVisible();
  await expect(page.getByRole('status')).toContainText('goedgekeurd');
  await expect(page.getByRole('link', { name: /SEPA-bestand/ })).toBeVisible();
  await expectAccessible(page, 'approved payment run', testInfo);
});

test('the monthly report', async ({ page }, testInfo) => {
  await login(page, 'financien');
  await page.goto('/betaalruns');
  await submitWith(page, page.getByRole('navigation', { name: 'Ontzorgen' }).getByRole('link', { name: 'Rapportage' }));
  expect(path(page)).toBe('/ontzorging/rapportage');
  await expect(page.getByRole('table', { name: /per gemeente/ })).toContainText('Alkmaar');
  await expect(page.getByRole('link', { name: /als CSV/ })).toBeVisible();
  await expectAccessible(page, 'ontzorging report', testInfo);

  await page.getByLabel('Maand', { exact: true }).fill('2026-13');
  const response = await submitWith(page, page.getByRole('button', { name: 'Tonen' }));
  expect(response?.status()).toBe(422);
  await expect(page.getByRole('alert')).toContainText('jaar-maand');
  await expectAccessible(page, 'ontzorging report with a mistake', testInfo);
});

test('the settings: norms, cost types and paying accounts', async ({ page }, testInfo) => {
  await login(page, 'beheerder');
  await page.goto('/beheer');
  await submitWith(page, page.getByRole('link', { name: 'Ontzorgen: normen, kostensoorten en rekeningen' }));
  expect(path(page)).toBe('/beheer/ontzorging');
  await expect(page.getByRole('table', { name: /Normen per huishoudtype/ })).toBeVisible();
  await expectAccessible(page, 'ontzorging settings', testInfo);

  await page.getByLabel('Ingangsdatum', { exact: true }).fill('15-07-2027');
  await page.getByLabel('Bedrag per maand in euro').fill('1.450,00');
  const response = await submitWith(page, page.getByRole('button', { name: 'Norm opslaan' }));
  expect(response?.status()).toBe(422);
  await expect(page.locator('#fout-norm-householdType')).toContainText('huishoudtype');
  await expectAccessible(page, 'ontzorging settings with a mistake', testInfo);
});
