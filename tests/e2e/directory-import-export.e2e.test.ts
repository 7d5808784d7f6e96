import { readFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/** A directory moderator imports services from a CSV file, fixes a broken row, reads the report and exports. */

const MODERATOR = { email: 'moderator@essex.example', name: 'Lee Brooks', password: DEMO_PASSWORD };

class TransfersPage extends BasePage {
  readonly imports: Locator = this.page.locator('[data-qa=imports]');

  static async verifyOnPage(page: Page): Promise<TransfersPage> {
    await expectOnPage(page, 'Import and export services');
    return new TransfersPage(page);
  }

  async importCsv(): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('link', { name: 'Import services from a CSV file' }));
  }

  async importFromApi(): Promise<void> {
    await clickAndWait(
      this.page,
      this.page.getByRole('link', { name: 'Import services from an Open Referral UK API' }),
    );
  }

  /** Clicks the export button and returns the downloaded file's name and text. */
  async export(): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.locator('[data-qa=export]').click(),
    ]);
    return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
  }
}

class CsvImportPage extends BasePage {
  readonly problems: Locator = this.page.locator('[data-qa=problems] tbody tr');

  static async verifyOnPage(page: Page): Promise<CsvImportPage> {
    await expectOnPage(page, 'Import services from a CSV file');
    return new CsvImportPage(page);
  }

  async paste(text: string): Promise<void> {
    await this.page.getByLabel('Contents of the CSV file').fill(text);
    await clickAndWait(this.page, this.page.getByRole('button', { name: 'Import services' }));
  }

  async problemRows(): Promise<string[][]> {
    return Promise.all(
      (await this.problems.all()).map(async (row) => (await row.locator('td').allInnerTexts()).map((t) => t.trim())),
    );
  }
}

class ApiImportPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<ApiImportPage> {
    await expectOnPage(page, 'Import services from an Open Referral UK API');
    return new ApiImportPage(page);
  }

  async importFrom(url: string): Promise<void> {
    await this.page.getByLabel('Address of the API').fill(url);
    await clickAndWait(this.page, this.page.getByRole('button', { name: 'Import services' }));
  }
}

class ReportPage extends BasePage {
  static async verifyOnPage(page: Page, heading: string): Promise<ReportPage> {
    await expectOnPage(page, heading);
    return new ReportPage(page);
  }

  async figure(name: string): Promise<string> {
    return (
      await this.page
        .locator('[data-qa=summary] .govuk-summary-list__row')
        .filter({ hasText: name })
        .locator('dd')
        .innerText()
    ).trim();
  }

  async back(): Promise<void> {
    await clickAndWait(this.page, this.page.getByRole('link', { name: 'Back to import and export' }));
  }
}

const row = (overrides: Record<string, string> = {}) => ({
  organisation: 'ecvys',
  name: 'Colchester Young Carers Club',
  description: 'Fortnightly evening club for young carers aged 8 to 18: games, trips and a break from caring.',
  free: 'yes',
  access_route: 'self-referral',
  delivery: 'in-person',
  levels: '1; 2',
  categories: 'youth',
  countywide: 'no',
  districts: 'Colchester',
  location_1_name: 'Greenstead Youth Centre',
  location_1_address: 'Hawthorn Avenue',
  location_1_city: 'Colchester',
  location_1_postcode: 'CO4 3QE',
  location_1_opening_times: 'WE 18:00-20:00',
  contact_1_name: 'Club leader',
  contact_1_phone: '01206 000000',
  ...overrides,
});
const csv = (rows: Record<string, string>[]) => stringify(rows, { header: true, columns: Object.keys(rows[0]!) });

describe('a moderator imports and exports directory services', () => {
  const journey = useJourney();
  let page: Page;

  it('imports a CSV file, fixing a broken row, reads the report and downloads the export', async () => {
    page = await journey.newPage();
    const { home } = await signIn(page, MODERATOR);
    await home.openAdmin('Directory of Services data');
    let transfers = await TransfersPage.verifyOnPage(page);
    expect(await page.locator('[data-qa=no-imports]').innerText()).toBe('Nothing has been imported yet.');
    await transfers.importCsv();

    let form = await CsvImportPage.verifyOnPage(page);
    const broken = row({ name: 'Tiptree Young Carers Club', levels: '2; 5', location_1_postcode: 'CO5' });
    await form.paste(csv([row(), broken]));
    form = await CsvImportPage.verifyOnPage(page);
    expect(await form.errors()).toEqual({
      title: 'There is a problem',
      messages: [
        'Row 3, column levels: “5” is not a level of need: use 1, 2, 3 or 4',
        'Row 3, column location_1_postcode: Enter a full UK postcode for location 1, like CM1 1QH (not “CO5”)',
      ],
    });
    expect(await form.fieldError('csv')).toBe(
      'The file has 2 problems. Nothing has been saved: correct the file and paste it again.',
    );
    expect(await form.problemRows()).toEqual([
      ['3', 'levels', '“5” is not a level of need: use 1, 2, 3 or 4'],
      ['3', 'location_1_postcode', 'Enter a full UK postcode for location 1, like CM1 1QH (not “CO5”)'],
    ]);
    expect(await page.getByLabel('Contents of the CSV file').inputValue()).toContain('Tiptree Young Carers Club');
    await saveScreenshot(page, 'directory-import-csv-errors');

    await form.paste(csv([row(), { ...broken, levels: '2', location_1_postcode: 'CO5 0AA' }]));
    const report = await ReportPage.verifyOnPage(page, 'Import from a CSV file');
    expect(await report.flash.innerText()).toContain(
      'Import finished: 2 services added, 0 updated, 0 unchanged, 0 rejected.',
    );
    expect(await report.figure('Added')).toBe('2');
    expect(await page.locator('[data-qa=created]').innerText()).toContain('Tiptree Young Carers Club');
    await saveScreenshot(page, 'directory-import-report');

    await report.back();
    transfers = await TransfersPage.verifyOnPage(page);
    expect(await transfers.imports.innerText()).toContain('CSV file, 2 rows');
    await saveScreenshot(page, 'directory-transfers');
    const exported = await transfers.export();
    expect(exported.name).toMatch(/^hearth-directory-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(exported.text).toContain('Colchester Young Carers Club');
    expect(exported.text).toContain('Tiptree Young Carers Club');
    // The contact's phone number begins with a digit, so it is exported as it is.
    expect(exported.text).toContain(',01206 000000,');
  });

  it('explains an API address Hearth will not call', async () => {
    const transfers = await TransfersPage.verifyOnPage(page);
    await transfers.importFromApi();
    const form = await ApiImportPage.verifyOnPage(page);
    await form.importFrom('http://localhost/api/oruk');
    const again = await ApiImportPage.verifyOnPage(page);
    expect((await again.errors()).messages).toEqual([
      'Hearth does not import from addresses on a private or local network (localhost): enter the API’s public address',
    ]);
    expect(await page.getByLabel('Address of the API').inputValue()).toBe('http://localhost/api/oruk');
    await saveScreenshot(page, 'directory-import-oruk-error');
  });
});
