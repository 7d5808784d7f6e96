import { stringify } from 'csv-stringify/sync';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoRegister } from '../../src/demo/seed-corporate-parenting.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { COLUMNS, registerRows } from '../../src/modules/corporate-parenting/index.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 16, corporate parenting: the officer imports the social care system's export of the register (a file with
 * mistakes first, refused row by row; then the good file), looks up a child and their statuses as at each day; a board
 * member reads the Corporate Parenting Panel's outcome page from the Partnership page: first while its figures are
 * being counted (the background job, run here by the test), then counted.
 */
const OFFICER = { email: 'corporate.parenting@essex.example', name: 'Lucy Fenwick', password: DEMO_PASSWORD };
const BOARD = { email: 'board.member@essex.example', name: 'David Okafor', password: DEMO_PASSWORD };
const register = demoRegister({ children: 120, seed: 11 });
const file = (name: string, rows: string[][]) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(stringify(rows)),
});

/** Axe, then the page at 390 px (no sideways scroll) and 1280 px. */
async function check(page: Page, name: string) {
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `corporate-parenting-${name}-390`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `corporate-parenting-${name}-1280`);
}

describe('Corporate parenting', () => {
  const journey = useJourney();

  it('the officer imports the register (a wrong file first), a board member reads the Panel’s outcomes', async () => {
    await journey.server.services.performance.seed();
    const page = await journey.newPage();
    await signIn(page, OFFICER);
    await page.goto('/');
    await clickAndWait(page, page.getByRole('link', { name: 'Corporate parenting' }).first());
    await expectOnPage(page, 'Corporate parenting');
    await clickAndWait(page, page.locator('[data-qa=import]'));
    await expectOnPage(page, 'Import the register');
    await check(page, 'import');

    // A file with mistakes: a placement ending before it starts, two placements at once, an unknown child.
    const bad = registerRows(register);
    const placement = bad.findIndex((r) => r[0] === 'placement');
    const at = (name: (typeof COLUMNS)[number]) => COLUMNS.indexOf(name);
    bad[placement]![at('end_date')] = '2001-01-01';
    const overlap = [...bad[placement + 1]!];
    overlap[at('end_date')] = '';
    bad.push(overlap);
    const stranger = [...bad[placement + 2]!];
    stranger[at('social_care_id')] = 'NOBODY-9';
    bad.push(stranger);
    await page.getByLabel('File').setInputFiles(file('register-bad.csv', bad));
    await clickAndWait(page, page.locator('[data-qa=import]'));
    await expectOnPage(page, 'The file was not imported');
    const report = await page.locator('[data-qa=report]').innerText();
    expect(report).toContain('before it starts');
    expect(report).toContain('in two placements at once');
    expect(report).toContain('No child row in the file has the social care id “NOBODY-9”');
    await check(page, 'import-refused');

    // The good file.
    await clickAndWait(page, page.getByRole('link', { name: 'Back to the import' }));
    await page.getByLabel('File').setInputFiles(file('register.csv', registerRows(register)));
    await clickAndWait(page, page.locator('[data-qa=import]'));
    await expectOnPage(page, 'The register is imported');
    expect(await page.locator('[data-qa=children-changed]').innerText()).toContain('120 added, 0 removed, 0 changed');
    expect(await page.locator('[data-qa=counting]').innerText()).toContain('being counted');
    await check(page, 'import-done');

    // The register, and one child.
    await clickAndWait(page, page.getByRole('link', { name: 'See the register' }));
    await expectOnPage(page, 'Children in care and care leavers');
    expect(await page.locator('[data-qa=total]').innerText()).toContain('120');
    await check(page, 'register');
    const first = register.children[0]!;
    await page.getByLabel('Name or social care id').fill(first.socialCareId);
    await clickAndWait(page, page.locator('[data-qa=search]'));
    await clickAndWait(page, page.getByRole('link', { name: first.name }));
    await expectOnPage(page, first.name);
    expect(await page.locator('[data-qa=status]').count()).toBe(1);
    await check(page, 'child');
    // A care leaver's page has three more columns of statuses: on a phone each day's statuses are a block, not a
    // table wider than the screen.
    const leaver = register.children.find((c) => c.status === 'care-leaver')!;
    await page.goto('/corporate-parenting/register');
    await page.getByLabel('Name or social care id').fill(leaver.socialCareId);
    await clickAndWait(page, page.locator('[data-qa=search]'));
    await clickAndWait(page, page.getByRole('link', { name: leaver.name }));
    await expectOnPage(page, leaver.name);
    expect(await page.locator('[data-qa=statuses] th').allInnerTexts()).toContain('Personal Adviser');
    await check(page, 'care-leaver');

    // A board member: the Panel's page from the Partnership page, counts only.
    const board = await journey.newPage();
    await signIn(board, BOARD);
    await board.goto('/partnership');
    await clickAndWait(board, board.getByRole('link', { name: 'Corporate Parenting Panel: our outcomes' }));
    await expectOnPage(board, 'Corporate Parenting Panel: our outcomes');
    // The background job has not counted the register yet: no figure is shown.
    expect(await board.locator('[data-qa=counting]').innerText()).toContain('The figures are being counted');
    expect(await board.locator('[data-qa=cell]').count()).toBe(0);
    await check(board, 'panel-counting');
    expect(await journey.server.services.corporateParenting.countMeasures()).toBe('counted');
    await clickAndWait(board, board.getByRole('link', { name: 'Refresh the page' }));
    expect(await board.locator('[data-qa=as-at]').innerText()).toContain('when the register was last imported');
    expect(await board.locator('section[data-qa^=outcome-]').count()).toBe(7);
    expect(await board.locator('[data-qa=chart-3] svg[role=img]').count()).toBe(1);
    expect(await board.locator('[data-qa=chart-table-3]').innerText()).toContain('Target');
    const content = await board.locator('main').innerText();
    expect(content).toContain('Separated migrant children');
    expect(content).not.toContain(first.name);
    await check(board, 'panel');
    expect((await board.goto('/corporate-parenting/register'))?.status()).toBe(403);
  });
});
