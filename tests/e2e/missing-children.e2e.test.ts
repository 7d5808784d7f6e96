import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

const WORKER = { email: 'fs.worker@essex.example', name: 'Jo Carter', password: DEMO_PASSWORD };
const HUB = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };

/** A police notification about Maisie's missing episode, as the force's system sends it. */
const notification = (policeReference: string, missing: Record<string, unknown>) => ({
  police_reference: policeReference,
  incident_date: '2026-11-30',
  concern_category: 'missing',
  summary: 'Did not return to her care placement after school.',
  district: 'chelmsford',
  officer: { name: 'PC Amy Clarke' },
  children: [{ first_name: 'Maisie', last_name: 'Okafor', date_of_birth: '2012-12-01', gender: 'F' }],
  missing: {
    episode_reference: 'MP/2026/0042',
    missing_from: 'care-placement',
    reported_at: '2026-11-30T19:30',
    reported_by: 'Residential home staff',
    risk_grading: 'high',
    ...missing,
  },
});

async function atBothWidths(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
    await saveScreenshot(page, `${name}-${width}`);
  }
}

describe('the Hub sees a missing child reported by the police, then their return', () => {
  const journey = useJourney();
  let page: Page;
  let token: string;

  const send = async (body: unknown) => {
    const response = await fetch(`${journey.server.baseUrl}/api/police-notifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ notifications: [body] }),
    });
    expect(response.status).toBe(202);
    return response.json() as Promise<{ created: number }>;
  };

  it('shows the reported child on the Hub’s Missing children list, and opens the episode', async () => {
    token = (
      await journey.server.services.apiClients.create(
        { userId: null, label: 'test' },
        { name: 'Essex Police', organisationCode: 'essex-police' },
      )
    ).token;
    expect(await send(notification('42/20001/26', { event: 'report' }))).toMatchObject({ created: 1 });

    page = await journey.newPage();
    await signIn(page, HUB);
    await page.goto('/hub');
    await page.getByRole('link', { name: 'Missing children' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Missing children');
    expect(await page.locator('[data-qa=count]').innerText()).toBe('1 child missing');
    const row = page.locator('[data-qa=episode]');
    expect(await row.innerText()).toContain('Maisie Okafor');
    expect(await row.locator('[data-qa=tag-missing]').innerText()).toBe('Missing');
    expect(await row.locator('[data-qa=tag-hub]').count()).toBe(1);
    await atBothWidths(page, 'missing-list');

    await row.getByRole('link', { name: 'Maisie Okafor' }).click();
    await expect.poll(() => page.locator('[data-qa=child-name]').innerText()).toBe('Maisie Okafor');
    const summary = await page.locator('[data-qa=episode]').innerText();
    expect(summary).toContain('Care placement');
    expect(summary).toContain('Residential home staff');
    expect(summary).toContain('High risk');
    expect(summary).toContain('Age when reported missing\t13');
    expect(await page.locator('[data-qa=returned-at]').innerText()).toContain('Not yet returned');
    await atBothWidths(page, 'missing-episode-open');

    // Hearth could not tell who Maisie is: the Hub finds her record, or records her as a new person.
    expect(await page.locator('[data-qa=person-unlinked]').innerText()).toContain('Not linked');
    await page.locator('[data-qa=choose-person]').click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Who is Maisie Okafor?');
    await page.getByRole('button', { name: 'Link the episode' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary').innerText())
      .toContain('Choose the record that is this child, or record a new person');
    await atBothWidths(page, 'missing-person');
    await page.getByLabel('None of these: record a new person').check();
    await page.getByRole('button', { name: 'Link the episode' }).click();
    await expect.poll(() => page.locator('[data-qa=person-linked]').innerText()).toBe('Linked by the Hub');
  });

  it('shows the return on the same episode once the police send it, and takes it off the list', async () => {
    expect(
      await send(
        notification('42/20002/26', {
          event: 'return',
          returned_at: '2026-12-01T08:15',
          returned_where: 'A friend’s flat in Chelmsford',
          returned_how: 'Found by officers',
        }),
      ),
    ).toMatchObject({ created: 1 });
    await page.reload();
    expect(await page.locator('[data-qa=returned-at]').innerText()).toContain('1 December 2026');
    const summary = await page.locator('[data-qa=episode]').innerText();
    expect(summary).toContain('A friend’s flat in Chelmsford');
    expect(summary).toContain('Found by officers');
    expect(await page.locator('[data-qa=notification]').count()).toBe(2);
    expect(await page.locator('[data-qa=tag-returned]').count()).toBe(1);
    await atBothWidths(page, 'missing-episode-returned');

    await page.getByRole('link', { name: 'Back to missing children' }).click();
    await expect.poll(() => page.locator('[data-qa=count]').innerText()).toBe('0 children missing');
    expect(await page.locator('[data-qa=none]').innerText()).toBe('No children are missing.');
  });

  it('shows a child open to a worker on the worker’s home page, and the worker opens the episode', async () => {
    const services = journey.server.services;
    const item = await hubWorkItem(services, { kind: 'family-solutions', surname: 'Adeyemi', children: ['Tobi'] });
    const worker = await userByEmail(services, WORKER.email);
    await services.earlyHelp.startFromWorkItem({ userId: worker.id, label: 'set-up' }, worker, item.id, item.version);
    await send({
      ...notification('42/20003/26', { event: 'report', episode_reference: 'MP/2026/0043', missing_from: 'home' }),
      district: 'harlow',
      children: [{ first_name: 'Tobi', last_name: 'Adeyemi', date_of_birth: '2014-03-10', postcode: 'CM20 1AA' }],
    });
    const workerPage = await journey.newPage();
    await signIn(workerPage, WORKER);
    await workerPage.goto('/early-help');
    const listed = workerPage.locator('[data-qa=missing-child]');
    expect(await listed.innerText()).toContain('Tobi Adeyemi');
    expect(await listed.locator('[data-qa=tag-worker]').count()).toBe(1);
    await atBothWidths(workerPage, 'missing-worker-home');
    await listed.getByRole('link', { name: 'Tobi Adeyemi' }).click();
    await expect.poll(() => workerPage.locator('[data-qa=child-name]').innerText()).toBe('Tobi Adeyemi');
    expect(await workerPage.locator('[data-qa=episode]').innerText()).toContain('Jo Carter');
    await atBothWidths(workerPage, 'missing-episode-worker');
  });
});
