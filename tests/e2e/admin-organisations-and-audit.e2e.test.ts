import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HomePage } from './pages/home-page.ts';
import { AuditTrailPage, OrganisationPage, OrganisationsPage, TeamFormPage } from './pages/organisation-pages.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { ADMIN, signIn } from './support/sign-in.ts';

describe('an administrator looks after organisations and teams, and checks the audit trail', () => {
  const journey = useJourney();
  let page: Page;

  it('adds a team to a partner organisation, fixing a mistake on the way', async () => {
    page = await journey.newPage();
    await signIn(page, ADMIN);
    await (await HomePage.verifyOnPage(page, ADMIN.name)).openAdmin('Organisations and teams');
    const organisations = await OrganisationsPage.verifyOnPage(page);
    await organisations.open('Essex Police');
    await (await OrganisationPage.verifyOnPage(page, 'Essex Police')).addTeam();

    const form = await TeamFormPage.verifyOnPage(page, 'Add a team');
    await form.fill({ name: 'Harlow community safety', code: 'Not A Code!', districts: ['Harlow'] });
    await form.submit();
    const withErrors = await TeamFormPage.verifyOnPage(page, 'Add a team');
    expect((await withErrors.errors()).messages).toEqual([
      'The code can only contain letters, numbers and single hyphens, like essex-police',
    ]);
    // What was typed and ticked is still there.
    expect(await page.getByLabel('Team name').inputValue()).toBe('Harlow community safety');
    expect(await page.getByLabel('Harlow', { exact: true }).isChecked()).toBe(true);
    await withErrors.fill({ code: 'police-harlow-community-safety' });
    await withErrors.submit();

    const organisation = await OrganisationPage.verifyOnPage(page, 'Essex Police');
    expect(await organisation.flash.innerText()).toContain('Harlow community safety has been added');
    expect(await organisation.teams.innerText()).toContain('Harlow community safety');
    await saveScreenshot(page, 'organisation');
  });

  it('renames the team', async () => {
    await (await OrganisationPage.verifyOnPage(page, 'Essex Police')).changeTeam('Harlow community safety');
    const form = await TeamFormPage.verifyOnPage(page, 'Change team');
    await form.fill({ name: 'Harlow and Epping community safety', districts: ['Epping Forest'] });
    await form.submit();
    const organisation = await OrganisationPage.verifyOnPage(page, 'Essex Police');
    expect(await organisation.teams.innerText()).toContain('Harlow and Epping community safety');
  });

  it('sees those changes, and the sign-in, in the audit trail', async () => {
    await (await OrganisationPage.verifyOnPage(page, 'Essex Police')).openAdmin('Audit trail');
    const audit = await AuditTrailPage.verifyOnPage(page);
    expect(await audit.actions()).toEqual(
      expect.arrayContaining(['team.updated', 'team.created', 'sign-in.completed']),
    );
    await audit.filter('team.');
    const filtered = await AuditTrailPage.verifyOnPage(page);
    expect(await filtered.actions()).toEqual(['team.updated', 'team.created']);
    await saveScreenshot(page, 'audit-trail');
  });
});
