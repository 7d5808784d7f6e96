import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { addDays, todayInLondon } from '../../src/modules/early-help/plan/rules.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/** Issue 17, item 9: a screener logs a call and says what the Hub is waiting for, from whom and by when. */

const SCREENER = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };

describe('the contact log on a Hub request', () => {
  const journey = useJourney();
  let requestId: string;
  let reference: string;

  beforeAll(async () => {
    const { frontDoor, users } = journey.server.services;
    const found = (await users.search('teacher@essex.example', 1)).rows[0]!;
    const teacher = (await users.view({ userId: null, label: 'test set-up' }, found.id))!;
    const actor = { userId: teacher.id, label: 'teacher' };
    const draftId = await frontDoor.startDraft(actor, teacher.id);
    await frontDoor.saveDraft(teacher.id, draftId, 1, () => ({
      people: [
        {
          id: newId(),
          role: 'child',
          relationship: 'son',
          firstName: 'Andrei',
          lastName: 'Popescu',
          dateOfBirth: '2014-05-02',
          isExpected: false,
          gender: 'male',
          address: '4 Church Street, Chelmsford',
          postcode: 'CM1 1QH',
          school: 'Chelmsford Primary',
          gp: '',
          language: 'Romanian',
          interpreterNeeded: true,
          hasSend: false,
          sendDetails: '',
        },
      ],
      district: 'chelmsford',
      worries: [{ area: 'education', details: 'Late most days and very tired.' }],
      strengths: 'Close to his gran.',
      tried: { text: 'Meeting with mum.', earlyHelpPlan: false, taf: false },
      level: { level: 2, reasons: 'Needs are growing.' },
      consent: { request: true, sharing: true, reason: '' },
    }));
    const sent = await frontDoor.submitPractitionerRequest(
      actor,
      { userId: teacher.id, organisationId: teacher.organisation_id, name: teacher.display_name },
      draftId,
    );
    requestId = sent!.id;
    reference = `${sent!.reference.slice(0, 4)} ${sent!.reference.slice(4)}`;
  });

  it('logs a call, then marks the request as waiting for the school’s attendance figures', async () => {
    const page = await journey.newPage();
    await signIn(page, SCREENER);
    await page.goto(`/hub/requests/${requestId}`);
    await expectOnPage(page, `Request ${reference}`);
    await clickAndWait(page, page.locator('[data-qa=assign-me]'));
    await expectOnPage(page, `Request ${reference}`);

    await clickAndWait(page, page.locator('[data-qa=add-contact-link]'));
    await expectOnPage(page, 'Add to the contact log');
    await clickAndWait(page, page.locator('[data-qa=add-contact]'));
    await expectOnPage(page, 'Add to the contact log');
    expect(await page.locator('[data-qa=error-summary]').innerText()).toContain('Select what kind of contact this was');
    await page.getByRole('radio', { name: 'Call' }).check();
    await page.getByLabel('Who it was with').fill('Mrs Popescu (mother)');
    await page.getByLabel('What was said or found').fill('Agrees to early help. Needs a Romanian interpreter.');
    await clickAndWait(page, page.locator('[data-qa=add-contact]'));
    await expectOnPage(page, `Request ${reference}`);
    expect(await page.locator('[data-qa=contacts]').innerText()).toContain('Mrs Popescu (mother)');

    await clickAndWait(page, page.locator('[data-qa=awaiting]'));
    await expectOnPage(page, 'Waiting for information');
    await page.getByLabel('What information you are waiting for').fill('Attendance figures for this term');
    await page.getByLabel('Who it is coming from').fill('Chelmsford Primary');
    const due = addDays(todayInLondon(), 3).split('-');
    await page.getByLabel('Day').fill(String(Number(due[2])));
    await page.getByLabel('Month').fill(String(Number(due[1])));
    await page.getByLabel('Year').fill(due[0]!);
    await saveScreenshot(page, 'hub-awaiting-1280');
    await clickAndWait(page, page.locator('[data-qa=save-awaiting]'));
    await expectOnPage(page, `Request ${reference}`);
    expect(await page.locator('[data-qa=status]').innerText()).toBe('Awaiting information');
    expect(await page.locator('[data-qa=contacts]').innerText()).toMatch(
      /Waiting for information: Chelmsford Primary[\s\S]*Attendance figures for this term/,
    );
    await page.locator('#contacts').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'hub-contact-log-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'hub-contact-log-390');
  });
});
