import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem } from '../../src/modules/early-help/test-support.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/** Issue 17, item 8: a teacher opens their request from "Your requests" and reads the Hub's decision. */

const TEACHER = { email: 'teacher@essex.example', name: 'Grace Okafor', password: DEMO_PASSWORD };

describe('the outcome of a Request for Support, for the teacher who sent it', () => {
  const journey = useJourney();
  let reference: string;

  beforeAll(async () => {
    const item = await hubWorkItem(journey.server.services, { kind: 'taf', surname: 'Nowak', children: ['Łukasz'] });
    reference = `${item.reference.slice(0, 4)} ${item.reference.slice(4)}`;
  });

  it('shows the level in words, the pathway and what happens next', async () => {
    const page = await journey.newPage();
    await signIn(page, TEACHER);
    await page.goto('/requests');
    await expectOnPage(page, 'Your requests for support');
    await clickAndWait(page, page.locator('[data-qa=sent]').getByRole('link', { name: reference }));
    await expectOnPage(page, `Request ${reference}: the Hub’s decision`);
    expect(await page.locator('[data-qa=outcome]').innerText()).toMatch(
      /Level 2: Additional[\s\S]*Suggest a Team Around the Family/,
    );
    expect(await page.locator('[data-qa=next]').innerText()).toContain('A TAF Support Officer will be in touch');
    await saveScreenshot(page, 'request-outcome-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'request-outcome-390');
  });
});
