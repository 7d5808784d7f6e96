import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { signIn } from './support/sign-in.ts';
import { atBothWidths } from './support/widths.ts';

/**
 * Issue 16, a Section 11 return corrected before the cut-off: an invited agency's safeguarding lead sends the return,
 * then corrects a rating and its evidence; the Board manager opens the agency's return from the audit's page and reads
 * every answer with the changes the correction made (who, when, old and new).
 */
const MANAGER = { email: 'board.manager@essex.example', name: 'Helen Marsh', password: DEMO_PASSWORD };
const AGENCY = { email: 'agency.lead@essex.example', name: 'Paul Ndlovu', password: DEMO_PASSWORD };
const TITLE = 'Section 11 audit: corrections journey';

class ReturnPage extends BasePage {
  constructor(page: Page) {
    super(page);
  }
  static async verifyOnPage(page: Page): Promise<ReturnPage> {
    await expectOnPage(page, TITLE);
    return new ReturnPage(page);
  }
  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa="${qa}"]`).first().innerText();
  }
  /** The fieldset of one standard on the return's form, by its name. */
  standard(name: string) {
    return this.page.getByRole('group', { name: new RegExp(`^\\d+\\. ${name}$`) });
  }
}

describe('A Section 11 return', () => {
  const journey = useJourney();

  it('is sent, corrected before the audit closes, and read by the manager with its changes', async () => {
    const { services } = journey.server;
    const audits = services.assuranceAudits;
    const person = async (email: string) =>
      (await services.auth.loadCurrentUser((await services.users.search(email, 1)).rows[0]!.id))!;
    const [boss, lead] = await Promise.all([person(MANAGER.email), person(AGENCY.email)]);
    const actor = { userId: boss.id, label: boss.email };
    const cycleId = await audits.cycles.create(actor, boss, {
      kind: 'section-11',
      title: TITLE,
      opensOn: todayInLondon(),
      dueOn: todayInLondon(),
    });
    await audits.cycles.invite(actor, boss, cycleId, lead.organisationId);

    // The agency sends its return: every standard met, with evidence.
    const agency = await journey.newPage();
    await signIn(agency, AGENCY);
    await agency.goto('/audits');
    await clickAndWait(agency, agency.getByRole('link', { name: TITLE }));
    await ReturnPage.verifyOnPage(agency);
    const radios = agency.locator('.govuk-radios');
    for (let i = 0; i < (await radios.count()); i++)
      await radios.nth(i).getByRole('radio', { name: 'Met', exact: true }).check();
    await agency.getByLabel('Evidence').first().fill('Board minutes, March');
    await clickAndWait(agency, agency.locator('[data-qa=send-return]'));
    const sent = await ReturnPage.verifyOnPage(agency);
    expect(await sent.flash.innerText()).toContain('your organisation’s return is sent');
    expect(await sent.text('return')).toContain('Open until the audit closes');

    // It corrects the escalation standard before the cut-off.
    await clickAndWait(agency, agency.locator('[data-qa=correct-return]'));
    const correcting = await ReturnPage.verifyOnPage(agency);
    const escalation = correcting.standard('Escalation');
    await escalation.getByRole('radio', { name: 'Not met' }).check();
    await atBothWidths(agency, 'section-11-correct');
    await agency.locator('textarea[name="evidence-s11-escalation"]').fill('Escalation policy not yet agreed');
    await clickAndWait(agency, agency.locator('[data-qa=save-correction]'));
    const corrected = await ReturnPage.verifyOnPage(agency);
    expect(await corrected.flash.innerText()).toContain('Your correction is saved: 2 answers changed');
    expect(await corrected.text('changes')).toContain('Was: Met');

    // The manager opens the agency's return from the audit's page and reads the changes.
    const manager = await journey.newPage();
    await signIn(manager, MANAGER);
    await manager.goto('/audits');
    await clickAndWait(manager, manager.getByRole('link', { name: TITLE }));
    await expectOnPage(manager, TITLE);
    expect(await manager.locator('[data-qa=summary]').innerText()).toMatch(/Escalation\s+0\s+0\s+1/);
    await clickAndWait(manager, manager.locator('[data-qa=return-link]'));
    const read = await ReturnPage.verifyOnPage(manager);
    expect(await read.text('standard-s11-escalation')).toContain('Escalation policy not yet agreed');
    const changes = await read.text('changes');
    expect(changes).toContain('Escalation: rating');
    expect(changes).toContain('Now: Not met');
    expect(await manager.getByRole('heading', { name: /Corrected on .* by Paul Ndlovu/ }).count()).toBe(1);
    expect(await manager.locator('[data-qa=correct-return]').count()).toBe(0);
    await atBothWidths(manager, 'section-11-return-page');
  });
});
