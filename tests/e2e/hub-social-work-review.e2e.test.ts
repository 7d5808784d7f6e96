import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { userByEmail } from '../../src/modules/early-help/test-support.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * The Hub social worker's review (issue 13; seed 002: "If a tier 3 or 4 response is required, the Children and
 * Families Hub will have a Social Worker review the information and ensure an appropriate response is made"):
 * the Hub decides level 3 for a child the police reported missing, the decision waits, and the Hub social worker
 * finds it on their list and agrees.
 */

const SCREENER = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };
const SOCIAL_WORKER = { email: 'hub.socialworker@essex.example', name: 'Omar Farouk', password: DEMO_PASSWORD };

async function atBothWidths(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
    await saveScreenshot(page, `${name}-${width}`);
  }
}

describe('a Hub social worker reviews the decision on a missing child', () => {
  const journey = useJourney();

  it('the Hub decides level 3, the decision waits, the social worker agrees from their list', async () => {
    const services = journey.server.services;
    const { token } = await services.apiClients.create(
      { userId: null, label: 'test' },
      { name: 'Essex Police', organisationCode: 'essex-police' },
    );
    const sent = await fetch(`${journey.server.baseUrl}/api/police-notifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        notifications: [
          {
            police_reference: '42/30001/26',
            incident_date: '2026-11-30',
            concern_category: 'missing',
            summary: 'Missing overnight for the third time this term; seen with older men at the station.',
            district: 'chelmsford',
            officer: { name: 'PC Amy Clarke' },
            children: [{ first_name: 'Maisie', last_name: 'Okafor', date_of_birth: '2012-12-01', gender: 'F' }],
            missing: {
              event: 'report',
              missing_from: 'home',
              reported_at: '2026-11-30T19:30',
              reported_by: 'Mother, by phone',
              risk_grading: 'high',
            },
          },
        ],
      }),
    });
    expect(sent.status).toBe(202);
    const { request_id: requestId, version } = await journey.server.database.db
      .selectFrom('police_notifications')
      .select(['request_id', 'version'])
      .where('police_reference', '=', '42/30001/26')
      .executeTakeFirstOrThrow();
    const priya = await userByEmail(services, SCREENER.email);
    await services.police.triage({ userId: priya.id, label: 'set-up' }, requestId, version, { outcome: 'screen' });

    // The screener decides level 3: Family Solutions. It waits for a Hub social worker.
    const hub = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(hub, SCREENER);
    await hub.goto(`/hub/requests/${requestId}`);
    await clickAndWait(hub, hub.locator('[data-qa=assign-me]'));
    await clickAndWait(hub, hub.locator('[data-qa=decide]'));
    await expectOnPage(hub, 'Decide');
    await hub.getByRole('radio', { name: /^Level 3/ }).check();
    await hub.getByLabel('Reasons, in your words').fill('Third missing episode this term; exploitation worries.');
    await hub.getByRole('radio', { name: 'Family Solutions (level 3)', exact: true }).check();
    await hub.getByLabel('The family have agreed to Family Solutions').check();
    await clickAndWait(hub, hub.locator('[data-qa=record-decision]'));
    expect(await hub.locator('[data-qa=decision-pending]').innerText()).toContain(
      'is waiting for a Hub social worker to review it',
    );
    expect(await hub.locator('[data-qa=decision]').innerText()).toContain('Waiting for a Hub social worker');
    await atBothWidths(hub, 'hub-social-work-review-waiting');

    // The social worker finds it from their home page (and the Hub queue), oldest first, with the child's name.
    const sw = await journey.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(sw, SOCIAL_WORKER);
    await sw.goto('/hub');
    expect(await sw.locator('[data-qa=social-work-reviews-link]').innerText()).toBe(
      '1 decision is waiting for a Hub social worker’s review',
    );
    await sw.goto('/');
    await clickAndWait(sw, sw.getByRole('link', { name: 'Decisions for a social worker to review' }));
    await expectOnPage(sw, 'Decisions for a social worker to review');
    const row = sw.locator('[data-qa=social-work-review-row]');
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('Maisie Okafor');
    expect(await row.innerText()).toContain('Level 3: Family Solutions');
    await atBothWidths(sw, 'hub-social-work-reviews');

    await clickAndWait(sw, row.getByRole('link'));
    await expectOnPage(sw, 'Request');
    const form = sw.locator('[data-qa=social-work-review-form]');
    expect(await form.isVisible()).toBe(true);
    // Nothing chosen: the error summary says what to do.
    await clickAndWait(sw, sw.locator('[data-qa=social-work-review]'));
    expect(await sw.locator('.govuk-error-summary').innerText()).toContain('Select agree, or ask for changes');
    await atBothWidths(sw, 'hub-social-work-review-form');
    await sw.getByRole('radio', { name: 'Agree: the response is right' }).check();
    await clickAndWait(sw, sw.locator('[data-qa=social-work-review]'));
    expect(await sw.locator('[data-qa=flash]').innerText()).toContain('Agreed. The decision has taken effect.');
    const decision = await sw.locator('[data-qa=decision]').innerText();
    expect(decision).toContain('Final');
    expect(decision).toContain('Omar Farouk');
    await atBothWidths(sw, 'hub-social-work-review-agreed');

    await sw.goto('/hub/social-work-reviews');
    expect(await sw.locator('[data-qa=none]').innerText()).toBe('Nothing is waiting for a social worker’s review.');
  });
});
