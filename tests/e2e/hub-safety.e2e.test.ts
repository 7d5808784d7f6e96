import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import type { PersonEntry } from '../../src/modules/front-door/answers.ts';
import { AboutYouPage } from './pages/family-request-pages.ts';
import { clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney, type Journey } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 17, safety and correctness, in the browser with axe on every page: how a family is contacted,
 * a name the people module refuses, duplicate requests, a decision waiting for a manager, a manager's
 * empty review, and a request the task list must not call ready.
 */

const SCREENER = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };
const MANAGER = { email: 'hub.manager@essex.example', name: 'Tom Reid', password: DEMO_PASSWORD };
const TEACHER = { email: 'teacher@essex.example', name: 'Grace Okafor', password: DEMO_PASSWORD };
const setUp = { userId: null, label: 'test set-up' };

/** A screenshot at a phone's width and at a desktop's. */
async function shots(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await saveScreenshot(page, `${name}-${width}`);
  }
}

const child = (firstName: string, lastName: string): PersonEntry => ({
  id: newId(),
  role: 'child',
  relationship: 'son',
  firstName,
  lastName,
  dateOfBirth: '2016-02-03',
  isExpected: false,
  gender: 'male',
  address: '4 Church Street, Chelmsford',
  postcode: 'CM1 1QH',
  school: 'Chelmsford Primary',
  gp: 'Chelmsford Medical Centre',
  language: 'Polish',
  interpreterNeeded: true,
  hasSend: true,
  sendDetails: 'Autism',
});

async function teacher(journey: Journey) {
  const { users } = journey.server.services;
  const found = (await users.search(TEACHER.email, 1)).rows[0]!;
  return (await users.view(setUp, found.id))!;
}

async function teacherDraft(journey: Journey, level: number, consent: boolean) {
  const t = await teacher(journey);
  const { frontDoor } = journey.server.services;
  const draftId = await frontDoor.startDraft(setUp, t.id);
  await frontDoor.saveDraft(t.id, draftId, 1, () => ({
    support: { kind: 'new' },
    people: [child('Oskar', 'Nowak')],
    district: 'chelmsford',
    worries: [{ area: 'education', details: 'Late most days.' }],
    strengths: 'Close to his gran.',
    tried: { text: 'Meeting with mum.', earlyHelpPlan: false, taf: false },
    level: { level, reasons: 'Needs are growing.' },
    consent: consent
      ? { request: true, sharing: true, reason: '' }
      : { request: false, sharing: false, reason: 'Mum could not be reached.' },
  }));
  return { draftId, teacher: t };
}

describe('safety and correctness in the Hub', () => {
  const journey = useJourney();
  let familyRef: string;
  let teacherRef: string;

  beforeAll(async () => {
    const { frontDoor } = journey.server.services;
    const family = await frontDoor.submitFamilyRequest(setUp, newId(), {
      aboutYou: {
        name: 'Kate O’Neill-Smith (Mum)',
        relationship: 'parent',
        contactBy: 'through-helper',
        helper: 'Sam Lee, Chelmsford Family Hub, 01245 000 111',
        email: '',
        phone: '07700 900 982',
        address: '4 Church Street, Chelmsford',
        postcode: 'CM1 1QH',
        district: 'chelmsford',
        language: 'Polish',
        interpreterNeeded: true,
        contactNotes: 'Do not leave a voicemail. Her partner checks her phone.',
      },
      children: [child('Oskar', 'Nowak')],
      worries: [{ area: 'domestic-abuse', details: 'My partner frightens me.' }],
      helped: { strengths: 'We love each other.', tried: 'Nothing yet.' },
      sharing: { agree: true, sharing: true },
    });
    familyRef = `${family.reference.slice(0, 4)} ${family.reference.slice(4)}`;
    const { draftId, teacher: t } = await teacherDraft(journey, 2, true);
    const sent = await frontDoor.submitPractitionerRequest(
      setUp,
      { userId: t.id, organisationId: t.organisation_id, name: t.display_name },
      draftId,
    );
    teacherRef = `${sent!.reference.slice(0, 4)} ${sent!.reference.slice(4)}`;
  });

  it('a family chooses how to be contacted: the question and its errors pass axe', async () => {
    const page = await journey.newPage();
    await page.goto('/get-help/about-you');
    let about = await AboutYouPage.verifyOnPage(page);
    await about.fill({ name: 'Kate Smith', relationship: 'Parent', contactBy: 'through-helper' });
    await about.continue();
    about = await AboutYouPage.verifyOnPage(page);
    expect((await about.errors()).messages).toContain('Tell us who is helping you and how we can reach them');
    await shots(page, 'family-about-you-contact');
  });

  it('the screener sees the duplicate and how to contact the family, corrects a name, and a second decision is not offered', async () => {
    const page = await journey.newPage();
    await signIn(page, SCREENER);
    await page.goto('/hub');
    await expectOnPage(page, 'Hub queue');
    expect(await page.locator('[data-qa=other-request]').count()).toBeGreaterThanOrEqual(2);
    await shots(page, 'hub-queue-duplicates');

    await clickAndWait(page, page.locator('[data-qa=queue]').getByRole('link', { name: familyRef }));
    await expectOnPage(page, `Request ${familyRef}`);
    expect(await page.locator('[data-qa=other-requests]').innerText()).toContain(teacherRef);
    const contact = await page.locator('[data-qa=contact]').innerText();
    expect(contact).toContain('only through the person helping them');
    expect(contact).toContain('Do not leave a voicemail');
    await shots(page, 'hub-request-contact');

    // The parent's name as typed cannot be a person record: the correction page says why.
    await clickAndWait(page, page.locator('[data-qa=create-person]').last());
    await expectOnPage(page, 'Check the details before creating a record');
    await shots(page, 'hub-create-person-correction');
    await page.getByLabel('Last name').fill('O’Neill-Smith');
    await clickAndWait(page, page.locator('[data-qa=create-record]'));
    await expectOnPage(page, `Request ${familyRef}`);
    expect(await page.locator('[data-qa=unlink]').count()).toBe(1);

    // Decide at level 3 where the family's request asked for none: a level 3 decision here is final, so use the teacher's.
    await page.goto('/hub');
    await clickAndWait(page, page.locator('[data-qa=queue]').getByRole('link', { name: teacherRef }));
    await expectOnPage(page, `Request ${teacherRef}`);
    await clickAndWait(page, page.locator('[data-qa=assign-me]'));
    await expectOnPage(page, `Request ${teacherRef}`);
    await clickAndWait(page, page.locator('[data-qa=decide]'));
    await expectOnPage(page, 'Decide');
    await shots(page, 'hub-decide-safety');
    await page.getByRole('radio', { name: /^Level 3/ }).check();
    await page.getByLabel('Reasons, in your words').fill('More than one agency needed.');
    await page.getByRole('radio', { name: 'Family Solutions (level 3)', exact: true }).check();
    await page.getByRole('checkbox', { name: 'The family have agreed to Family Solutions' }).check();
    await clickAndWait(page, page.locator('[data-qa=record-decision]'));
    await expectOnPage(page, `Request ${teacherRef}`);
    expect(await page.locator('[data-qa=decide]').count()).toBe(0);
    expect(await page.locator('[data-qa=decision-pending]').innerText()).toContain('waiting for a Hub manager');
    await shots(page, 'hub-request-pending');

    // The manager saves the review without choosing: the GOV.UK error summary, not a green banner.
    const manager = await journey.newPage();
    await signIn(manager, MANAGER);
    await manager.goto('/hub');
    await expectOnPage(manager, 'Hub queue');
    await clickAndWait(manager, manager.locator('[data-qa=queue]').getByRole('link', { name: teacherRef }));
    await expectOnPage(manager, `Request ${teacherRef}`);
    await clickAndWait(manager, manager.locator('[data-qa=review]'));
    await expectOnPage(manager, `Request ${teacherRef}`);
    expect(await manager.locator('[data-qa=error-summary]').innerText()).toContain(
      'Select approve or return to screening',
    );
    expect(await manager.locator('[data-qa=flash]').count()).toBe(0);
    await shots(manager, 'hub-review-error');
  });

  it('the task list does not call a request ready that Send would refuse', async () => {
    const { draftId } = await teacherDraft(journey, 3, false);
    const page = await journey.newPage();
    await signIn(page, TEACHER);
    await page.goto(`/requests/drafts/${draftId}`);
    await expectOnPage(page, 'Request for Support');
    expect(await page.getByText('Needs changing').count()).toBe(2);
    await shots(page, 'request-task-list-needs-changing');
    await page.goto(`/requests/drafts/${draftId}/check`);
    await expectOnPage(page, 'Check your answers before sending your request');
    expect(await page.locator('[data-qa=send]').count()).toBe(0);
    expect(await page.locator('[data-qa=cannot-send]').count()).toBe(1);
    await shots(page, 'request-check-cannot-send');
  });
});
