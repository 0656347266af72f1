import { expect, type Locator, type Page, type Response, test } from '@playwright/test';
import { expectAccessible, login, logout, path, submitWith } from './helpers';

// The dossier's sections beyond the case itself: documents, consents, referrals, the case
// worker, the household with its nareizigers, other spellings of the name and the progress
// ("Voortgang", with a provider's hour file read on its own screen). Each action goes through the real form,
// by keyboard (Tab-reachable controls, Enter on the button, Enter on a disclosure's summary);
// nothing needs JavaScript. Each test asserts what a user sees afterwards (the new row, or the
// Dutch message for one bad input that changed nothing) and runs axe (WCAG 2.1 AA) on the page.
//
// The tests share the demo database with the other specs, so every change is made on a fresh
// newcomer registered through the koppeling form (a unique name, birth date and household
// number), never on the demo persons the other specs use. The demo family Khoury is only read.

/** A date `days` from today (negative: in the past) as dd-mm-jjjj, as the forms take it. */
function day(days: number): string {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())}-${pad(d.getMonth() + 1)}-${d.getFullYear()}`;
}

function randomLetters(n: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: n }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
}

/**
 * Registers a fresh newcomer in Alkmaar through the koppeling form (as the logged-in user) and
 * ends on their dossier. Returns the dossier's path and the family name.
 */
async function freshNewcomer(page: Page, base: string): Promise<{ dossier: string; family: string; vnummer: string }> {
  await page.goto('/koppelingen/nieuw');
  const family = `${base}${randomLetters(5)}`;
  const vnummer = String(5_000_000_000 + Math.floor(Math.random() * 999_999_999));
  const born = `${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}-${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}-${1965 + Math.floor(Math.random() * 35)}`;
  await page.getByLabel('V-nummer', { exact: true }).fill(vnummer);
  await page.getByLabel('Achternaam', { exact: true }).fill(family);
  await page.getByLabel('Voornamen', { exact: true }).fill('Selam');
  await page.getByLabel('Geboortedatum', { exact: true }).fill(born);
  await page.getByLabel('Geslacht', { exact: true }).selectOption('V');
  await page.getByLabel('Nationaliteit', { exact: true }).fill('Eritrese');
  await page.getByLabel('Taal', { exact: true }).fill('Tigrinya');
  await page.getByLabel('Gemeente', { exact: true }).selectOption('GM0361');
  await page.getByLabel('Koppelingsdatum', { exact: true }).fill(day(-2));
  await page.getByLabel('Huishoudnummer', { exact: true }).fill(`E2E-D-${randomLetters(8).toUpperCase()}`);
  await submitWith(page, page.getByRole('button', { name: 'Koppeling vastleggen' }));
  expect(path(page)).toMatch(/^\/personen\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(family);
  return { dossier: path(page), family, vnummer };
}

/** Submits a form from the keyboard: focus on its button, Enter; waits for the next page. */
async function pressSubmit(page: Page, button: Locator): Promise<Response | null> {
  await button.focus();
  await expect(button).toBeFocused();
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  return response;
}

/** Opens a <details> disclosure from the keyboard (focus on its summary, Enter). */
async function openDisclosure(page: Page, summary: Locator): Promise<void> {
  await summary.focus();
  await expect(summary).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(summary.locator('xpath=..')).toHaveAttribute('open', '');
}

/** The form under a heading (h3/h4) of the dossier, e.g. "Document toevoegen". */
function formNamed(page: Page, heading: string): Locator {
  return page.locator('main form').filter({ has: page.getByRole('heading', { name: heading, exact: true }) });
}

function pdf(title: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${title}\n%%EOF\n`);
}

test('documents: upload a PDF, see it listed, download it, withdraw it with a reason', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const { dossier } = await freshNewcomer(page, 'Documentje');
  await expect(page.getByRole('heading', { name: 'Documenten', exact: true })).toBeVisible();
  await expect(page.getByText('Geen documenten.')).toBeVisible();
  const upload = formNamed(page, 'Document toevoegen');

  // A file whose bytes are no PDF: refused at the field, nothing stored.
  await upload.getByLabel('Soort document').selectOption({ label: 'Diploma of getuigschrift' });
  await upload.getByLabel('Bestand', { exact: true }).setInputFiles({ name: 'diploma.pdf', mimeType: 'application/pdf', buffer: Buffer.from('geen pdf') });
  const refused = await pressSubmit(page, upload.getByRole('button', { name: 'Document toevoegen' }));
  expect(refused?.status()).toBe(422);
  await expect(page.locator('#fout-document-document')).toContainText('Alleen een PDF, PNG of JPEG kan worden opgeslagen.');
  await expect(page.getByRole('alert').first()).toContainText('Er is een probleem');
  await expect(page.getByText('Geen documenten.')).toBeVisible();
  await expectAccessible(page, 'dossier with a refused upload', testInfo);

  // A real PDF with its type and a note.
  const name = `diploma-${randomLetters(6)}.pdf`;
  const bytes = pdf('Diploma');
  await upload.getByLabel('Soort document').selectOption({ label: 'Diploma of getuigschrift' });
  await upload.getByLabel('Bestand', { exact: true }).setInputFiles({ name, mimeType: 'application/pdf', buffer: bytes });
  await upload.getByLabel('Toelichting (niet verplicht)').fill('Vertaald door een beëdigd vertaler');
  await pressSubmit(page, upload.getByRole('button', { name: 'Document toevoegen' }));
  expect(path(page)).toBe(dossier);
  const table = page.getByRole('table', { name: /Documenten van de persoon/ });
  const row = table.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Diploma of getuigschrift');
  await expect(row).toContainText('Vertaald door een beëdigd vertaler');
  await expect(row).toContainText('klantmanager');
  await expect(page.getByText('Geen documenten.')).toHaveCount(0);
  await expectAccessible(page, 'dossier with an uploaded document', testInfo);

  // The link downloads exactly the bytes uploaded, as a PDF attachment.
  const link = row.getByRole('link', { name });
  await expect(link).toHaveAttribute('download', '');
  const href = await link.getAttribute('href');
  expect(href).toMatch(new RegExp(`^${dossier}/documenten/\\d+$`));
  const download = await page.request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect(download.headers()['content-disposition']).toContain('attachment');
  expect(Buffer.compare(await download.body(), bytes)).toBe(0);

  // Withdrawing: the disclosure opens by keyboard; a too short reason is refused in the row.
  await openDisclosure(page, row.locator('summary', { hasText: 'Intrekken' }));
  await row.getByLabel('Reden van de intrekking').fill('fout');
  const short = await pressSubmit(page, row.getByRole('button', { name: 'Document intrekken' }));
  expect(short?.status()).toBe(422);
  const again = page.getByRole('table', { name: /Documenten van de persoon/ }).getByRole('row').filter({ hasText: name });
  await expect(again.getByText('Geef de reden (5 tot 2000 tekens).')).toBeVisible();
  await expect(again.getByLabel('Reden van de intrekking')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'dossier with a refused document withdrawal', testInfo);

  await again.getByLabel('Reden van de intrekking').fill('Bij de verkeerde persoon toegevoegd');
  await pressSubmit(page, again.getByRole('button', { name: 'Document intrekken' }));
  expect(path(page)).toBe(dossier);
  await expect(page.getByText('Geen documenten.')).toBeVisible();
  await expect(page.getByText('1 ingetrokken document is bewaard voor de verantwoording.')).toBeVisible();
  await expect(page.getByRole('link', { name })).toHaveCount(0);
  expect((await page.request.get(href!)).status(), 'a withdrawn document is no longer served').toBe(404);
  await expectAccessible(page, 'dossier after a document withdrawal', testInfo);
});

test('consents: register one, withdraw it', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const { dossier } = await freshNewcomer(page, 'Toestemmer');
  await expect(page.getByText('Geen toestemmingen vastgelegd.')).toBeVisible();
  const form = formNamed(page, 'Toestemming vastleggen');

  // Without saying what the consent is for: refused at the field.
  await form.getByLabel('Gegeven op').fill(day(-10));
  const refused = await pressSubmit(page, form.getByRole('button', { name: 'Toestemming vastleggen' }));
  expect(refused?.status()).toBe(422);
  await expect(page.locator('#fout-toestemming-kind')).toContainText('Kies waarvoor de persoon toestemming geeft.');
  await expect(page.getByText('Geen toestemmingen vastgelegd.')).toBeVisible();
  await expect(form.getByLabel('Gegeven op')).toHaveValue(day(-10));
  await expectAccessible(page, 'dossier with a refused consent', testInfo);

  await form.getByLabel('Waarvoor geeft de persoon toestemming?').selectOption({ label: 'Gegevens delen met partnerorganisaties' });
  await form.getByLabel('Toelichting (niet verplicht)').fill('Besproken met tolk');
  await pressSubmit(page, form.getByRole('button', { name: 'Toestemming vastleggen' }));
  expect(path(page)).toBe(dossier);
  const table = page.getByRole('table', { name: /Toestemmingen van de persoon/ });
  const row = table.getByRole('row').filter({ hasText: 'Gegevens delen met partnerorganisaties' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(day(-10));
  await expect(row).toContainText('Besproken met tolk');
  await expect(row).toContainText('Geldig');
  await expectAccessible(page, 'dossier with a consent', testInfo);

  // Withdrawn before it was given: refused at the field, the consent still holds.
  await openDisclosure(page, row.locator('summary', { hasText: 'Intrekken' }));
  await row.getByLabel('Ingetrokken op').fill(day(-20));
  await row.getByLabel('Reden van de intrekking').fill('De persoon wil niets meer laten delen');
  const early = await pressSubmit(page, row.getByRole('button', { name: 'Toestemming intrekken' }));
  expect(early?.status()).toBe(422);
  const again = page.getByRole('table', { name: /Toestemmingen van de persoon/ }).getByRole('row').filter({ hasText: 'Gegevens delen met partnerorganisaties' });
  await expect(again.getByText('De intrekking kan niet vóór de datum van de toestemming liggen.')).toBeVisible();
  await expect(again).toContainText('Geldig');
  await expectAccessible(page, 'dossier with a refused consent withdrawal', testInfo);

  await again.getByLabel('Ingetrokken op').fill(day(-1));
  await pressSubmit(page, again.getByRole('button', { name: 'Toestemming intrekken' }));
  expect(path(page)).toBe(dossier);
  const withdrawn = page.getByRole('table', { name: /Toestemmingen van de persoon/ }).getByRole('row').filter({ hasText: 'Gegevens delen met partnerorganisaties' });
  await expect(withdrawn).toContainText(`Ingetrokken op ${day(-1)}: De persoon wil niets meer laten delen`);
  await expect(withdrawn).not.toContainText('Geldig');
  await expect(withdrawn.getByRole('button', { name: 'Toestemming intrekken' })).toHaveCount(0);
  await expectAccessible(page, 'dossier with a withdrawn consent', testInfo);
});

test('referrals: sharing data needs a consent; with one the referral is recorded, then its outcome', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const { dossier } = await freshNewcomer(page, 'Verwijsde');
  await expect(page.getByText('Geen verwijzingen.')).toBeVisible();

  const fillReferral = async () => {
    const form = formNamed(page, 'Verwijzing vastleggen');
    await form.getByLabel('Naam van de partnerorganisatie').fill('Taalhuis Alkmaar');
    await form.getByLabel('Soort partner').selectOption({ label: 'Taalaanbieder' });
    await form.getByLabel('Verwezen op').fill(day(-5));
    await form.getByLabel('Reden of doel van de verwijzing').fill('Extra oefenen met spreken');
    await form.getByLabel('Worden gegevens van de persoon gedeeld met de partner?').selectOption({ label: 'Ja, met toestemming van de persoon' });
    return pressSubmit(page, form.getByRole('button', { name: 'Verwijzing vastleggen' }));
  };

  // Sharing data without a consent: refused at the field, nothing recorded.
  const refused = await fillReferral();
  expect(refused?.status()).toBe(422);
  await expect(page.locator('#fout-verwijzing-sharesData')).toContainText('Er is geen geldige toestemming om gegevens te delen met partners');
  await expect(page.getByText('Geen verwijzingen.')).toBeVisible();
  await expectAccessible(page, 'dossier with a referral refused for lack of consent', testInfo);

  // The consent to share with partners, given before the referral date.
  const consent = formNamed(page, 'Toestemming vastleggen');
  await consent.getByLabel('Waarvoor geeft de persoon toestemming?').selectOption({ label: 'Gegevens delen met partnerorganisaties' });
  await consent.getByLabel('Gegeven op').fill(day(-10));
  await pressSubmit(page, consent.getByRole('button', { name: 'Toestemming vastleggen' }));
  expect(path(page)).toBe(dossier);

  await fillReferral();
  expect(path(page)).toBe(dossier);
  const rowOf = () => page.getByRole('table', { name: /Verwijzingen naar partnerorganisaties/ }).getByRole('row').filter({ hasText: 'Taalhuis Alkmaar' });
  const row = rowOf();
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Taalaanbieder');
  await expect(row).toContainText(day(-5));
  await expect(row).toContainText('Extra oefenen met spreken');
  await expect(row.getByRole('cell', { name: 'Ja', exact: true })).toBeVisible();
  await expect(row).toContainText('Nog niet bekend');
  await expectAccessible(page, 'dossier with a referral', testInfo);

  // The outcome: a date before the referral is refused in the row.
  await openDisclosure(page, row.locator('summary', { hasText: 'Uitkomst vastleggen' }));
  await row.getByLabel('Uitkomst', { exact: true }).selectOption({ label: 'Gestart' });
  await row.getByLabel('Datum van de uitkomst').fill(day(-7));
  const early = await pressSubmit(page, row.getByRole('button', { name: 'Uitkomst vastleggen' }));
  expect(early?.status()).toBe(422);
  await expect(rowOf().getByText('De uitkomst kan niet vóór de datum van de verwijzing liggen.')).toBeVisible();
  await expect(rowOf()).toContainText('Nog niet bekend');
  await expectAccessible(page, 'dossier with a refused referral outcome', testInfo);

  await rowOf().getByLabel('Datum van de uitkomst').fill(day(-2));
  await rowOf().getByLabel('Toelichting (niet verplicht)').fill('Twee ochtenden per week');
  await pressSubmit(page, rowOf().getByRole('button', { name: 'Uitkomst vastleggen' }));
  expect(path(page)).toBe(dossier);
  await expect(rowOf()).toContainText(`Gestart op ${day(-2)}: Twee ochtenden per week`);
  await expect(rowOf()).not.toContainText('Nog niet bekend');
  await expect(rowOf().locator('summary', { hasText: 'Uitkomst vastleggen' })).toHaveCount(0);
  await expectAccessible(page, 'dossier with a referral outcome', testInfo);
});

test('case worker: a klantmanager takes a newcomer ("Zelf oppakken"), a team lead assigns one', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const taken = await freshNewcomer(page, 'Oppakker');
  await expect(page.getByText('Nog geen klantmanager.')).toBeVisible();
  await pressSubmit(page, page.getByRole('button', { name: 'Zelf oppakken' }));
  expect(path(page)).toBe(taken.dossier);
  await expect(page.getByText('Sanne de Vries (Team Alkmaar)', { exact: true })).toBeVisible();
  await expect(page.getByText('Nog geen klantmanager.')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Zelf oppakken' })).toHaveCount(0);
  await expect(page.getByRole('table', { name: /Stappen in de zaak/ })).toContainText('Klantmanager: Sanne de Vries (Team Alkmaar)');
  await expectAccessible(page, 'dossier after "Zelf oppakken"', testInfo);

  const assigned = await freshNewcomer(page, 'Toewijzing');
  await logout(page);
  await login(page, 'teamleider');
  await page.goto(assigned.dossier);
  await expect(page.getByText('Nog geen klantmanager.')).toBeVisible();
  const choice = page.getByLabel('Klantmanager toewijzen');

  // Saving without a choice: refused at the field, still nobody.
  await expect(choice).toHaveValue('');
  const refused = await pressSubmit(page, page.getByRole('button', { name: 'Klantmanager opslaan' }));
  expect(refused?.status()).toBe(422);
  await expect(page.locator('#fout-klantmanager-caseWorkerId')).toContainText('Kies een klantmanager.');
  await expect(page.getByText('Nog geen klantmanager.')).toBeVisible();
  await expectAccessible(page, 'dossier with a refused case worker choice', testInfo);

  await page.getByLabel('Klantmanager toewijzen').selectOption({ label: 'Sanne de Vries (Team Alkmaar)' });
  await pressSubmit(page, page.getByRole('button', { name: 'Klantmanager opslaan' }));
  expect(path(page)).toBe(assigned.dossier);
  await expect(page.getByText('Nog geen klantmanager.')).toHaveCount(0);
  await expect(page.getByLabel('Klantmanager toewijzen').locator('option:checked')).toHaveText('Sanne de Vries (Team Alkmaar)');
  await expect(page.getByRole('table', { name: /Stappen in de zaak/ })).toContainText('Klantmanager: Sanne de Vries (Team Alkmaar)');
  await expectAccessible(page, 'dossier after a team lead assigned a case worker', testInfo);
});

/** Finds a person through the search form and opens their dossier by the link with this name. */
async function openBySearch(page: Page, query: string, name: RegExp): Promise<void> {
  await page.goto('/personen');
  await page.getByLabel(/zoek op naam/i).fill(query);
  await pressSubmit(page, page.getByRole('button', { name: 'Zoeken' }));
  await submitWith(page, page.getByRole('table').getByRole('link', { name }));
  expect(path(page)).toMatch(/^\/personen\/[0-9a-f-]{36}$/);
}

test('household: the demo family of four as the Alkmaar klantmanager (2 others) and the team lead (3 others)', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  await openBySearch(page, 'Khoury', /Yousef/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Yousef');
  await expect(page.getByRole('heading', { name: 'Huishouden', exact: true })).toBeVisible();
  await expect(page.getByText('Volgens de brede intake reizen gezinsleden na (nareizigers).')).toBeVisible();
  const members = page.getByRole('table', { name: 'Andere leden van het huishouden' });
  // Omar moved to Heiloo: not in the Alkmaar klantmanager's municipality.
  await expect(members.getByRole('link')).toHaveCount(2);
  await expect(members.getByRole('link', { name: /Rania/ })).toBeVisible();
  await expect(members.getByRole('link', { name: /Lina/ })).toBeVisible();
  await expect(members).not.toContainText('Omar');
  await expectAccessible(page, 'dossier with the household (klantmanager)', testInfo);

  // A member's link opens their dossier, which lists the head of the family in turn.
  await submitWith(page, members.getByRole('link', { name: /Lina/ }));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Lina');
  await expect(page.getByRole('table', { name: 'Andere leden van het huishouden' }).getByRole('link', { name: /Yousef/ })).toBeVisible();
  await expectAccessible(page, 'dossier of a household member', testInfo);
  await logout(page);

  await login(page, 'teamleider');
  await openBySearch(page, 'Khoury', /Yousef/);
  const all = page.getByRole('table', { name: 'Andere leden van het huishouden' });
  await expect(all.getByRole('link')).toHaveCount(3);
  for (const given of [/Rania/, /Omar/, /Lina/]) await expect(all.getByRole('link', { name: given })).toBeVisible();
  await expectAccessible(page, 'dossier with the household (team lead)', testInfo);
});

test('progress ("Voortgang"): an exam attempt and an hour report', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const { dossier } = await freshNewcomer(page, 'Voortgang');
  await expect(page.getByRole('heading', { name: 'Voortgang', exact: true })).toBeVisible();
  await expect(page.getByText('Nog geen examenresultaten vastgelegd.')).toBeVisible();
  const exam = () => formNamed(page, 'Examenresultaat vastleggen');

  // An exam in the future: refused at the date, nothing recorded.
  await exam().getByLabel('Examen', { exact: true }).selectOption({ label: 'KNM (Kennis van de Nederlandse Maatschappij)' });
  await exam().getByLabel('Datum van het examen').fill(day(5));
  await exam().getByLabel('Resultaat', { exact: true }).selectOption({ label: 'Gezakt' });
  const future = await pressSubmit(page, exam().getByRole('button', { name: 'Examenresultaat vastleggen' }));
  expect(future?.status()).toBe(422);
  await expect(page.locator('#fout-examen-examDate')).toContainText('De examendatum ligt in de toekomst.');
  await expect(page.getByText('Nog geen examenresultaten vastgelegd.')).toBeVisible();
  await expectAccessible(page, 'dossier with a refused exam result', testInfo);

  await exam().getByLabel('Datum van het examen').fill(day(-3));
  await exam().getByLabel('Toelichting (niet verplicht)').fill('Eerste poging');
  await pressSubmit(page, exam().getByRole('button', { name: 'Examenresultaat vastleggen' }));
  expect(path(page)).toBe(dossier);
  const exams = page.getByRole('table', { name: /Examens met hun pogingen/ });
  const knm = exams.getByRole('row').filter({ hasText: 'KNM (Kennis van de Nederlandse Maatschappij)' });
  await expect(knm).toContainText(`${day(-3)}: Gezakt`);
  await expect(knm).toContainText('Eerste poging');
  await expect(knm).toContainText(/gratis poging/);
  await expect(page.getByText('Nog geen examenresultaten vastgelegd.')).toHaveCount(0);
  await expectAccessible(page, 'dossier with an exam result', testInfo);

  // Hours: a third of an hour is refused at the field; half hours are fine.
  await expect(page.getByText('Nog geen urenopgaven van aanbieders.')).toBeVisible();
  const hours = () => formNamed(page, 'Urenopgave vastleggen');
  await hours().getByLabel('Naam van de aanbieder').fill('Taalschool Noord');
  await hours().getByLabel('Onderdeel', { exact: true }).selectOption({ label: 'Taal' });
  await hours().getByLabel('Periode van').fill(day(-30));
  await hours().getByLabel('Periode tot en met').fill(day(-3));
  await hours().getByLabel('Gevolgde uren').fill('12,3');
  await hours().getByLabel('Geplande uren').fill('14');
  await hours().getByLabel('Heeft de aanbieder het keurmerk?').selectOption({ label: 'Ja, de aanbieder heeft het keurmerk' });
  const bad = await pressSubmit(page, hours().getByRole('button', { name: 'Urenopgave vastleggen' }));
  expect(bad?.status()).toBe(422);
  await expect(page.locator('#fout-uren-hoursAttended')).toContainText('Vul een aantal uren in van 0 tot 500');
  await expect(page.getByText('Nog geen urenopgaven van aanbieders.')).toBeVisible();
  await expect(hours().getByLabel('Naam van de aanbieder')).toHaveValue('Taalschool Noord');
  await expectAccessible(page, 'dossier with a refused hour report', testInfo);

  await hours().getByLabel('Gevolgde uren').fill('12,5');
  await pressSubmit(page, hours().getByRole('button', { name: 'Urenopgave vastleggen' }));
  expect(path(page)).toBe(dossier);
  const report = page.getByRole('table', { name: /Urenopgaven van aanbieders/ }).getByRole('row').filter({ hasText: 'Taalschool Noord' });
  await expect(report).toContainText('Taal');
  await expect(report).toContainText(`${day(-30)} t/m ${day(-3)}`);
  await expect(report).toContainText('12,5 uur');
  await expect(report).toContainText('14 uur');
  const taal = page.getByRole('table', { name: /Gevolgde en geplande uren per onderdeel/ }).getByRole('row').filter({ has: page.getByRole('cell', { name: 'Taal', exact: true }) });
  await expect(taal).toContainText('12,5 uur');
  await expect(report).toContainText('Telt mee');
  await expectAccessible(page, 'dossier with an hour report', testInfo);

  // Withdrawn in error: a reason is required; then the row stays, marked, and no longer counts.
  await report.getByText('Intrekken', { exact: true }).click();
  const withdraw = await pressSubmit(page, report.getByRole('button', { name: 'Urenopgave intrekken' }));
  expect(withdraw?.status()).toBe(422);
  await expect(page.locator('[id^="fout-uren-"][id$="-reason"]')).toContainText('Geef de reden');
  await expect(report).toContainText('Telt mee');
  await expectAccessible(page, 'dossier with a refused withdrawal', testInfo);
  await report.getByLabel('Waarom is dit ten onrechte vastgelegd?').fill('Dubbel opgegeven door de aanbieder');
  await pressSubmit(page, report.getByRole('button', { name: 'Urenopgave intrekken' }));
  expect(path(page)).toBe(dossier);
  await expect(report).toContainText('Ingetrokken op');
  await expect(report).toContainText('Dubbel opgegeven door de aanbieder');
  await expect(taal).not.toContainText('12,5 uur');
  await expectAccessible(page, 'dossier with a withdrawn hour report', testInfo);
});

test('health: a medical statement is hidden from COA; finance and helpdesk do not open the dossier at all', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const { dossier } = await freshNewcomer(page, 'Gezondheid');
  const upload = formNamed(page, 'Document toevoegen');
  const medical = `verklaring-${randomLetters(6)}.pdf`;
  const permit = `vergunning-${randomLetters(6)}.pdf`;
  for (const [label, name] of [['Medische verklaring', medical], ['Verblijfsvergunning', permit]]) {
    await upload.getByLabel('Soort document').selectOption({ label });
    await upload.getByLabel('Bestand', { exact: true }).setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf(label) });
    await pressSubmit(page, upload.getByRole('button', { name: 'Document toevoegen' }));
    expect(path(page)).toBe(dossier);
  }
  const documents = page.getByRole('table', { name: /Documenten van de persoon/ });
  await expect(documents.getByRole('row').filter({ hasText: medical })).toContainText('Medische verklaring');
  const medicalHref = await documents.getByRole('link', { name: medical }).getAttribute('href');
  const permitHref = await documents.getByRole('link', { name: permit }).getAttribute('href');
  await logout(page);

  // COA works with the dossier but may not see health data.
  await login(page, 'coa');
  const response = await page.goto(dossier);
  expect(response?.status()).toBe(200);
  const visible = page.getByRole('table', { name: /Documenten van de persoon/ });
  await expect(visible.getByRole('link', { name: permit })).toBeVisible();
  await expect(page.getByRole('link', { name: medical })).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText(medical);
  await expect(page.locator('main')).not.toContainText(/medische verklaring/i);
  await expect(formNamed(page, 'Document toevoegen').getByLabel('Soort document').locator('option', { hasText: 'Medische verklaring' })).toHaveCount(0);
  expect((await page.request.get(medicalHref!)).status(), 'COA cannot download a medical statement').toBe(404);
  expect((await page.request.get(permitHref!)).status()).toBe(200);
  await expectAccessible(page, 'dossier as COA', testInfo);
  await logout(page);

  // Finance and helpdesk have no access to dossiers, so to none of its documents.
  for (const username of ['financien', 'helpdesk']) {
    await login(page, username);
    const refused = await page.goto(dossier);
    expect(refused?.status(), `${username} opening a dossier`).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Geen toegang');
    await expect(page.locator('main')).not.toContainText(medical);
    await expectAccessible(page, `dossier refused to ${username}`, testInfo);
    expect((await page.request.get(medicalHref!)).status(), `${username} downloading a medical statement`).toBe(403);
    await page.goto('/');
    await logout(page);
  }
});

test('names: another spelling is added by keyboard, listed, and search finds the person by it', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const { dossier } = await freshNewcomer(page, 'Naamje');
  await expect(page.getByText('Geen andere schrijfwijzen vastgelegd.')).toBeVisible();
  const form = formNamed(page, 'Schrijfwijze toevoegen');

  // Without a family name: refused beside the field, nothing stored.
  await form.getByLabel('Bron').selectOption({ label: 'Paspoort of ander reisdocument' });
  const refused = await pressSubmit(page, form.getByRole('button', { name: 'Schrijfwijze toevoegen' }));
  expect(refused?.status()).toBe(422);
  await expect(page.locator('#fout-naam-familyName')).toContainText('Vul de achternaam in');
  await expect(page.getByText('Geen andere schrijfwijzen vastgelegd.')).toBeVisible();
  await expectAccessible(page, 'dossier with a refused name spelling', testInfo);

  const spelling = `Paspoort${randomLetters(6)}`;
  const again = formNamed(page, 'Schrijfwijze toevoegen');
  await again.getByLabel('Achternaam').fill(spelling);
  await again.getByLabel('Bron').selectOption({ label: 'Paspoort of ander reisdocument' });
  await pressSubmit(page, again.getByRole('button', { name: 'Schrijfwijze toevoegen' }));
  expect(path(page)).toBe(dossier);
  const row = page.getByRole('table', { name: /Andere schrijfwijzen van de naam/ }).getByRole('row').filter({ hasText: spelling });
  await expect(row).toContainText('Paspoort of ander reisdocument');
  await expect(row).toContainText('Geldig');
  await expectAccessible(page, 'dossier with a name spelling', testInfo);

  await page.goto('/personen');
  await page.getByLabel(/Zoek op naam/).fill(spelling);
  await submitWith(page, page.getByRole('button', { name: 'Zoeken' }));
  await expect(page.locator(`main a[href="${dossier}"]`)).toBeVisible();
  await expectAccessible(page, 'search found by another spelling', testInfo);
});

test('hours: a provider file is checked, read once, and a bad file lists every bad row', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const { dossier, vnummer } = await freshNewcomer(page, 'Urenje');
  const header = 'vnummer;aanbieder;onderdeel;periode_van;periode_tot;uren_aanwezig;uren_gepland;keurmerk';
  const good = `${header}\r\n${vnummer};Taalschool E2E;taal;${day(-40)};${day(-10)};31,5;32;ja\r\n`;
  const file = (body: string) => ({ name: 'uren.csv', mimeType: 'text/csv', buffer: Buffer.from(body) });

  await page.getByRole('link', { name: 'Urenopgaven' }).click();
  expect(path(page)).toBe('/urenopgaven/import');
  await expectAccessible(page, 'hour import form', testInfo);
  await page.getByLabel('Bestand met uren').setInputFiles(file(good));
  await page.getByLabel('Alleen controleren, nog niets vastleggen').check();
  await pressSubmit(page, page.getByRole('button', { name: 'Bestand inlezen' }));
  await expect(page.getByRole('status')).toContainText('Controle geslaagd');
  await expect(page.getByRole('status')).toContainText('1 urenopgave zou nieuw worden vastgelegd, voor 1 persoon');

  await page.getByLabel('Bestand met uren').setInputFiles(file(good));
  await pressSubmit(page, page.getByRole('button', { name: 'Bestand inlezen' }));
  await expect(page.getByRole('status')).toContainText('1 urenopgave nieuw vastgelegd, voor 1 persoon');
  await expectAccessible(page, 'hour import report', testInfo);

  // Other hours for the same period, and a row with a bad component: nothing is stored.
  const bad = `${header}\r\n${vnummer};Taalschool E2E;taal;${day(-40)};${day(-10)};30;32;ja\r\n${vnummer};Taalschool E2E;rekenen;${day(-40)};${day(-10)};1;1;ja\r\n`;
  await page.getByLabel('Bestand met uren').setInputFiles(file(bad));
  const refused = await pressSubmit(page, page.getByRole('button', { name: 'Bestand inlezen' }));
  expect(refused?.status()).toBe(422);
  const rows = page.getByRole('table', { name: /Regels met fouten/ });
  await expect(rows.getByRole('row').filter({ hasText: 'uren_aanwezig' })).toContainText('31,5 uur aanwezig');
  await expect(rows.getByRole('row').filter({ hasText: "'rekenen'" })).toContainText('onderdeel');
  await expectAccessible(page, 'hour import with bad rows', testInfo);

  await page.goto(dossier);
  await expect(page.getByText('Taalschool E2E')).toBeVisible();
});

test('nareizigers: a family member who follows is recorded and followed step by step', async ({ page }, testInfo) => {
  await login(page, 'klantmanager');
  const { dossier } = await freshNewcomer(page, 'Nareis');
  await expect(page.getByText('Geen nareizigers vastgelegd.')).toBeVisible();
  const form = formNamed(page, 'Nareiziger toevoegen');

  // Without a family name and with a birth date in the future: both named, nothing stored.
  await form.getByLabel('Relatie tot de persoon').selectOption({ label: 'Kind' });
  await form.getByLabel('Geboortedatum van de nareiziger (niet verplicht)').fill(day(30));
  await form.getByLabel('Stand van de gezinshereniging').selectOption({ label: 'Verwacht, nog geen aanvraag' });
  await form.getByLabel('Sinds').fill(day(-20));
  const refused = await pressSubmit(page, form.getByRole('button', { name: 'Nareiziger toevoegen' }));
  expect(refused?.status()).toBe(422);
  await expect(page.locator('#fout-nareiziger-familyName')).toBeVisible();
  await expect(page.locator('#fout-nareiziger-birthDate')).toContainText('toekomst');
  await expectAccessible(page, 'dossier with a refused nareiziger', testInfo);

  const again = formNamed(page, 'Nareiziger toevoegen');
  const family = `Nareiziger${randomLetters(5)}`;
  await again.getByLabel('Relatie tot de persoon').selectOption({ label: 'Kind' });
  await again.getByLabel('Achternaam van de nareiziger').fill(family);
  await again.getByLabel('Geboortedatum van de nareiziger (niet verplicht)').fill('00-00-2014');
  await again.getByLabel('Stand van de gezinshereniging').selectOption({ label: 'Verwacht, nog geen aanvraag' });
  await again.getByLabel('Sinds').fill(day(-20));
  await pressSubmit(page, again.getByRole('button', { name: 'Nareiziger toevoegen' }));
  expect(path(page)).toBe(dossier);
  const row = page.getByRole('table', { name: /Nareizigers/ }).getByRole('row').filter({ hasText: family });
  await expect(row).toContainText('Verwacht, nog geen aanvraag');
  await expect(row).toContainText('00-00-2014');

  await openDisclosure(page, row.locator('summary', { hasText: 'Stand bijwerken' }));
  await row.getByLabel('Nieuwe stand').selectOption({ label: 'Aanvraag gezinshereniging ingediend' });
  await row.getByLabel('Datum').fill(day(-5));
  await pressSubmit(page, row.getByRole('button', { name: 'Stand opslaan' }));
  const updated = page.getByRole('table', { name: /Nareizigers/ }).getByRole('row').filter({ hasText: family });
  await expect(updated).toContainText('Aanvraag gezinshereniging ingediend');
  await expectAccessible(page, 'dossier with a nareiziger', testInfo);

  // Granted, arrived and registered: linked to her own dossier by V-nummer, and back.
  const nareizigerRow = () => page.getByRole('table', { name: /Nareizigers/ }).getByRole('row').filter({ hasText: family });
  for (const [label, days] of [['Aanvraag ingewilligd (mvv)', -3], ['Aangekomen in Nederland', -1]] as const) {
    const current = nareizigerRow();
    await openDisclosure(page, current.locator('summary', { hasText: 'Stand bijwerken' }));
    await current.getByLabel('Nieuwe stand').selectOption({ label });
    await current.getByLabel('Datum').fill(day(days));
    await pressSubmit(page, current.getByRole('button', { name: 'Stand opslaan' }));
    expect(path(page)).toBe(dossier);
  }
  const own = await freshNewcomer(page, 'Aangekomen');
  await page.goto(dossier);
  const arrived = nareizigerRow();
  await openDisclosure(page, arrived.locator('summary', { hasText: 'Koppelen aan eigen dossier' }));
  await arrived.getByLabel('V-nummer van de nareiziger').fill(own.vnummer);
  await expectAccessible(page, 'dossier with an arrived nareiziger to link', testInfo);
  await pressSubmit(page, arrived.getByRole('button', { name: 'Koppelen' }));
  expect(path(page)).toBe(dossier);
  await submitWith(page, nareizigerRow().getByRole('link', { name: /Eigen dossier/ }));
  expect(path(page)).toBe(own.dossier);
  await expect(page.getByText('Deze persoon is als nareiziger (kind) naar een gezinslid gekomen.')).toBeVisible();
  await expectAccessible(page, 'dossier of an arrived nareiziger', testInfo);
});
