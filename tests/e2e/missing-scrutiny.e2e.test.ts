import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { useJourney } from './support/journey.ts';
import { signIn } from './support/sign-in.ts';
import { atBothWidths } from './support/widths.ts';

const HUB = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };
const COORDINATOR = { email: 'missing.coordinator@essex.example', name: 'Helen Ward', password: DEMO_PASSWORD };

/** A police notification about Amelia, aged 7, in one of her missing episodes. */
const notification = (policeReference: string, episode: string, missing: Record<string, unknown>) => ({
  police_reference: policeReference,
  incident_date: '2026-11-30',
  concern_category: 'missing',
  summary: 'Left the house while her mother was asleep.',
  district: 'colchester',
  officer: { name: 'PC Amy Clarke' },
  children: [{ first_name: 'Amelia', last_name: 'Brooks', date_of_birth: '2019-06-01', gender: 'F' }],
  missing: {
    episode_reference: episode,
    event: 'report',
    missing_from: 'home',
    reported_at: '2026-11-30T06:30',
    reported_by: 'Neighbour',
    risk_grading: 'high',
    ...missing,
  },
});

describe('the Missing Co-ordinator scrutinises a 7-year-old’s episode, then the Hub closes it', () => {
  const journey = useJourney();
  let token: string;
  let coordinatorPage: Page;

  const send = async (body: unknown) => {
    const response = await fetch(`${journey.server.baseUrl}/api/police-notifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ notifications: [body] }),
    });
    expect(response.status).toBe(202);
  };

  it('puts the police’s report about a 7-year-old on the Co-ordinator’s scrutiny list', async () => {
    token = (
      await journey.server.services.apiClients.create(
        { userId: null, label: 'test' },
        { name: 'Essex Police', organisationCode: 'essex-police' },
      )
    ).token;
    await send(notification('42/30001/26', 'MP/2026/0101', { reported_at: '2026-11-20T06:30' }));
    await send(
      notification('42/30002/26', 'MP/2026/0101', {
        event: 'return',
        reported_at: '2026-11-20T06:30',
        returned_at: '2026-11-20T09:00',
        returned_where: 'The park by her school',
        returned_how: 'Found by a neighbour',
      }),
    );
    // Two more episodes since: she is repeat missing (3 in 90 days).
    await send(notification('42/30003/26', 'MP/2026/0102', { reported_at: '2026-11-27T18:00' }));
    await send(notification('42/30004/26', 'MP/2026/0103', { reported_at: '2026-11-30T06:30' }));

    coordinatorPage = await journey.newPage();
    await signIn(coordinatorPage, COORDINATOR);
    await coordinatorPage.getByRole('link', { name: 'Missing scrutiny' }).click();
    await expect.poll(() => coordinatorPage.locator('h1').innerText()).toBe('Missing episodes to scrutinise');
    expect(await coordinatorPage.locator('[data-qa=count]').innerText()).toBe('3 episodes waiting');
    const rows = coordinatorPage.locator('[data-qa=scrutiny-episode]');
    // Oldest report first.
    expect(await rows.first().innerText()).toContain('20 November 2026');
    expect(await rows.first().locator('[data-qa=tag-repeat]').count()).toBe(1);
    await atBothWidths(coordinatorPage, 'missing-scrutiny-list');
  });

  it('records the Co-ordinator’s review: findings, actions, no referral', async () => {
    const page = coordinatorPage;
    await page.locator('[data-qa=scrutiny-episode]').first().locator('[data-qa=episode-link]').click();
    await expect.poll(() => page.locator('[data-qa=child-name]').innerText()).toBe('Amelia Brooks');
    expect(await page.locator('[data-qa=scrutiny-waiting]').innerText()).toContain('Waiting for scrutiny');
    await page.locator('[data-qa=scrutinise]').click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Record the scrutiny');
    // Nothing filled in: every problem at once.
    await page.locator('[data-qa=record-scrutiny]').click();
    await expect.poll(() => page.locator('[data-qa=error-summary]').count()).toBe(1);
    expect(await page.locator('[data-qa=error-summary] li').count()).toBe(3);
    await atBothWidths(page, 'missing-scrutiny-form-errors');

    await page
      .getByLabel('Findings')
      .fill('Amelia left while her mother slept after a night shift. No one else involved.');
    const first = page.locator('[data-qa=action-1]');
    await first.getByLabel('What').fill('Agree a morning routine with mum and the school');
    await first.getByLabel('Who').fill('Family support worker');
    await first.getByLabel('Day').fill('15');
    await first.getByLabel('Month').fill('1');
    await first.getByLabel('Year').fill('2030');
    await page.getByLabel('No').check();
    await page.locator('[data-qa=record-scrutiny]').click();
    await expect.poll(() => page.locator('[data-qa=scrutiny]').count()).toBe(1);
    const scrutiny = await page.locator('[data-qa=scrutiny]').innerText();
    expect(scrutiny).toContain('No one else involved');
    expect(scrutiny).toContain(
      'Agree a morning routine with mum and the school: Family support worker, by 15 January 2030',
    );
    expect(scrutiny).toContain('Helen Ward');
    await atBothWidths(page, 'missing-scrutiny-recorded');
  });

  it('lets the Hub close the returned episode once scrutinised, and shows the repeat tag on its list', async () => {
    const page = await journey.newPage();
    await signIn(page, HUB);
    await page.goto('/missing');
    await expect.poll(() => page.locator('h1').innerText()).toBe('Missing children');
    expect(await page.locator('[data-qa=count]').innerText()).toBe('2 children missing');
    expect(await page.locator('[data-qa=episode] [data-qa=tag-repeat]').count()).toBe(2);
    await atBothWidths(page, 'missing-list-repeat');

    await page.locator('[data-qa=show-returned]').click();
    await expect.poll(() => page.locator('[data-qa=count]').innerText()).toBe('1 episode to close');
    await page.locator('[data-qa=episode]').locator('[data-qa=episode-link]').click();
    await expect.poll(() => page.locator('[data-qa=child-name]').innerText()).toBe('Amelia Brooks');
    await atBothWidths(page, 'missing-episode-scrutinised');
    await page.locator('[data-qa=close-link]').click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Close the missing episode');
    await page.getByLabel('Closing note').fill('Scrutiny done; the routine is agreed with mum and school.');
    await atBothWidths(page, 'missing-close');
    await page.locator('[data-qa=close]').click();
    await expect.poll(() => page.locator('[data-qa=closed]').count()).toBe(1);
    expect(await page.locator('[data-qa=tag-closed]').count()).toBe(1);
    expect(await page.locator('[data-qa=closed]').innerText()).toContain('Priya Shah');

    // The repeat tag opens every episode of the child.
    await page.locator('[data-qa=tag-repeat]').first().click();
    await expect.poll(() => page.locator('[data-qa=child-episode]').count()).toBe(3);
    await atBothWidths(page, 'missing-child-episodes');
  });
});
