import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, login, path, submitWith } from './helpers';

// Case management screens: worklists, the dossier, the brede intake, the route advice, the PIP
// pages and the koppeling screens. Every page type is checked with axe (WCAG 2.1 AA), in its
// normal state and with a mistake on it, and one intake topic is saved by keyboard alone.

function ddmmyyyy(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())}-${pad(d.getMonth() + 1)}-${d.getFullYear()}`;
}

/** Registers a new newcomer through the koppeling form; ends on their dossier. Returns its path. */
async function newKoppeling(page: Page): Promise<string> {
  await page.goto('/koppelingen/nieuw');
  const vnummer = String(5_000_000_000 + Math.floor(Math.random() * 999_999_999));
  await page.getByLabel('V-nummer', { exact: true }).fill(vnummer);
  await page.getByLabel('Achternaam', { exact: true }).fill('Gebremedhin');
  await page.getByLabel('Voornamen', { exact: true }).fill('Luwam');
  await page.getByLabel('Geboortedatum', { exact: true }).fill('12-06-1990');
  await page.getByLabel('Geslacht', { exact: true }).selectOption('V');
  await page.getByLabel('Nationaliteit', { exact: true }).fill('Eritrese');
  await page.getByLabel('Taal', { exact: true }).fill('Tigrinya');
  await page.getByLabel('Gemeente', { exact: true }).selectOption('GM0361');
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  await page.getByLabel('Koppelingsdatum', { exact: true }).fill(ddmmyyyy(twoDaysAgo));
  await page.getByLabel('Huishoudnummer', { exact: true }).fill('E2E-1');
  await submitWith(page, page.getByRole('button', { name: 'Koppeling vastleggen' }));
  expect(path(page)).toMatch(/^\/personen\/[0-9a-f-]{36}$/);
  return path(page);
}

/** Opens the dossier of the first worklist row in a given stage. */
async function openFromWorklist(page: Page, stage: string): Promise<void> {
  await page.goto('/werkvoorraad');
  const row = page.getByRole('row').filter({ hasText: stage }).first();
  await expect(row, `a worklist row in stage "${stage}"`).toBeVisible();
  await submitWith(page, row.getByRole('link'));
  expect(path(page)).toMatch(/^\/personen\/[^/]+$/);
}

test('worklists and the home page counts', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  await expect(page.getByRole('heading', { name: 'Uw werkvoorraad' })).toBeVisible();
  await expectAccessible(page, 'home page with worklist counts', testInfo);
  await submitWith(page, page.getByRole('link', { name: 'Naar uw werkvoorraad' }));
  expect(path(page)).toBe('/werkvoorraad');
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn werkvoorraad' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Werkvoorraad' }))
    .toHaveAttribute('aria-current', 'page');
  // Signals are words, not only colour.
  await expect(page.locator('.tag').first()).toHaveText(/Te laat|Binnenkort/);
  await expectAccessible(page, 'own worklist', testInfo);
});

test('team worklist', async ({ page }, testInfo) => {
  await login(page, 'teamleider');
  const response = await page.goto('/werkvoorraad/team');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Werkvoorraad van');
  await expectAccessible(page, 'team worklist', testInfo);
});

test('the dossier with its deadlines, forms and history', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  await openFromWorklist(page, 'PIP vastgesteld, in uitvoering');
  await expect(page.getByText('Inburgeringstermijn begint')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Geschiedenis van de zaak' })).toBeVisible();
  await expectAccessible(page, 'dossier', testInfo);

  // A note without text: the message at the field, the dossier still accessible.
  await submitWith(page, page.getByRole('button', { name: 'Notitie toevoegen' }));
  await expect(page.locator('#fout-notitie-body')).toContainText('Schrijf de notitie');
  await expectAccessible(page, 'dossier with a mistake in the note form', testInfo);
});

test('a possible duplicate on the dossier, reviewed side by side and merged', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  // The same newcomer registered twice (same name and date of birth, another V-nummer).
  const first = await newKoppeling(page);
  const second = await newKoppeling(page);
  const section = page.getByRole('heading', { name: 'Mogelijke dubbele registraties' });
  await expect(section).toBeVisible();
  await expectAccessible(page, 'dossier with possible duplicates', testInfo);
  await submitWith(page, page.locator(`a[href="${second}/dubbel/${first.replace('/personen/', '')}"]`));
  expect(path(page)).toBe(`${second}/dubbel/${first.replace('/personen/', '')}`);
  await expect(page.getByRole('table', { name: 'Beide registraties naast elkaar' })).toBeVisible();
  await expectAccessible(page, 'duplicate review', testInfo);

  // Without a reason: the message at the field, still accessible.
  const merge = page.getByRole('button', { name: 'Samenvoegen: behoud de linker registratie' });
  const refused = await submitWith(page, merge);
  expect(refused?.status()).toBe(422);
  await expect(page.locator('#fout-reason')).toContainText('Geef de reden van het samenvoegen');
  await expectAccessible(page, 'duplicate review with a mistake', testInfo);

  await page.getByLabel('Reden van het samenvoegen').fill('Twee keer gekoppeld door COA');
  await submitWith(page, merge);
  expect(path(page)).toBe(second);
  await page.goto(first);
  await expect(page.getByText('Fase: Ingetrokken')).toBeVisible();
});

test('intake, route advice and the koppeling form for a new newcomer; a topic saved by keyboard', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  await page.goto('/koppelingen/nieuw');
  await expectAccessible(page, 'koppeling form', testInfo);
  const dossier = await newKoppeling(page);
  await expect(page.getByText('Fase: Aangemeld')).toBeVisible();

  await page.goto(`${dossier}/intake`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Brede intake');
  await expectAccessible(page, 'intake form', testInfo);

  // Keyboard only: Tab to the first topic, choose an answer and a source by typing, Tab to the
  // save button and press Enter.
  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
  await page.locator('body').focus();
  let steps = 0;
  while ((await focusedId()) !== 'veld-topics.leerbaarheid') {
    await page.keyboard.press('Tab');
    if (++steps > 60) throw new Error('the first intake topic cannot be reached with Tab');
  }
  await page.keyboard.type('Gem');
  await expect(page.locator('[id="veld-topics.leerbaarheid"]')).toHaveValue('gemiddeld');
  await page.keyboard.press('Tab');
  expect(await focusedId()).toBe('veld-topics.leerbaarheid.source');
  await page.keyboard.type('D');
  await expect(page.locator('[id="veld-topics.leerbaarheid.source"]')).toHaveValue('persoon');
  steps = 0;
  while ((await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')) !== 'Intake opslaan') {
    await page.keyboard.press('Tab');
    if (++steps > 200) throw new Error('the save button cannot be reached with Tab');
  }
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  await expect(page.getByRole('status')).toContainText('De intake is opgeslagen');
  await expect(page.locator('[id="veld-topics.leerbaarheid"]')).toHaveValue('gemiddeld');

  // An impossible score: messages at the field and in the summary, accessible.
  await page.getByLabel('Score', { exact: true }).fill('41');
  await page.getByLabel('Datum van de toets', { exact: true }).fill(ddmmyyyy(new Date()));
  await submitWith(page, page.getByRole('button', { name: 'Intake opslaan' }));
  await expect(page.getByRole('alert').first()).toContainText('maximumscore');
  await expectAccessible(page, 'intake form with a mistake', testInfo);

  // Completing too early: the refusal says what is missing.
  await submitWith(page, page.getByRole('button', { name: 'Intake afronden' }));
  await expect(page.getByRole('alert').first()).toContainText('nog niet compleet');
  await expectAccessible(page, 'intake with a refused completion', testInfo);

  // The route advice (no LBT yet: no advice, and the onderwijsroute question still answered).
  const response = await page.goto(`${dossier}/route`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: /^Advies:/ })).toBeVisible();
  await expect(page.getByText(/Onderwijsroute: past/).first()).toBeVisible();
  await expectAccessible(page, 'route advice', testInfo);
});

test('PIP pages: versions, a new version form, an established version and a concept', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  await openFromWorklist(page, 'PIP vastgesteld, in uitvoering');
  await submitWith(page, page.getByRole('link', { name: 'Naar de PIP-versies' }));
  expect(path(page)).toMatch(/\/pip$/);
  await expect(page.getByRole('heading', { name: 'Nieuwe versie opstellen' })).toBeVisible();
  await expectAccessible(page, 'PIP versions with the new-version form', testInfo);

  // A new version without a reason is refused at the field.
  await page.getByLabel('Soort wijziging').selectOption('bijstelling');
  await submitWith(page, page.getByRole('button', { name: 'Concept opslaan' }));
  await expect(page.locator('[id="fout-change.reason"]')).toContainText('reden');
  await expectAccessible(page, 'new PIP version with a mistake', testInfo);

  await submitWith(page, page.getByRole('link', { name: 'Versie 1' }));
  expect(path(page)).toMatch(/^\/pips\//);
  await expect(page.getByText('Status: Vastgesteld')).toBeVisible();
  await expectAccessible(page, 'established PIP version', testInfo);

  // A new version with its reason: a concept with its edit form.
  await submitWith(page, page.getByRole('link', { name: 'Terug naar de PIP-versies' }));
  await page.getByLabel('Soort wijziging').selectOption('bijstelling');
  await page.getByLabel('Toelichting', { exact: true }).fill('Bijstelling na het voortgangsgesprek');
  await submitWith(page, page.getByRole('button', { name: 'Concept opslaan' }));
  expect(path(page)).toMatch(/^\/pips\//);
  await expect(page.getByText('Status: Concept')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Concept bewerken' })).toBeVisible();
  await expectAccessible(page, 'PIP concept with its edit form', testInfo);
});

test('koppeling import: upload form, a refused file with its bad rows, a dry run', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const response = await page.goto('/koppelingen/import');
  expect(response?.status()).toBe(200);
  await expectAccessible(page, 'koppeling import form', testInfo);

  const header = 'vnummer;achternaam;voornamen;geboortedatum;geslacht;nationaliteit;taal;gemeentecode;koppelingsdatum;huishoudnummer';
  const today = ddmmyyyy(new Date());
  const bad = `${header}\r\n12;Haile;Selam;07-03-1991;V;Eritrese;Tigrinya;GM0361;${today};H1\r\n`;
  await page.getByLabel('Koppelingsbestand').setInputFiles({ name: 'coa.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await submitWith(page, page.getByRole('button', { name: 'Bestand inlezen' }));
  await expect(page.getByRole('table', { name: /Regels met fouten/ })).toContainText('vnummer');
  await expectAccessible(page, 'koppeling import with bad rows', testInfo);

  const vnummer = String(5_000_000_000 + Math.floor(Math.random() * 999_999_999));
  const good = `${header}\r\n${vnummer};Haile;Selam;07-03-1991;V;Eritrese;Tigrinya;GM0361;${today};H1\r\n`;
  await page.getByLabel('Koppelingsbestand').setInputFiles({ name: 'coa.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.getByLabel(/Alleen controleren/).check();
  await submitWith(page, page.getByRole('button', { name: 'Bestand inlezen' }));
  await expect(page.getByRole('status')).toContainText('Controle geslaagd');
  expect(page.url()).not.toContain(vnummer);
  await expectAccessible(page, 'koppeling import report', testInfo);
});
