import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CheckAnswersPage, PeoplePage, PersonPage, RequestSentPage, SectionPage, TaskListPage, YourRequestsPage } from './pages/request-for-support-pages.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signInAndEnrol } from './support/sign-in.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';

const TEACHER = { email: 'teacher@essex.example', name: 'Grace Okafor', password: DEMO_PASSWORD };

describe('a teacher requests support for a child', () => {
  const journey = useJourney();
  let page: Page;
  let reference: string;

  it('starts a request from the navigation and adds the family, fixing a mistake on the way', async () => {
    page = await journey.newPage();
    const { home } = await signInAndEnrol(page, TEACHER);
    await home.openNavigation('Request support');
    const requests = await YourRequestsPage.verifyOnPage(page);
    await requests.startNewRequest();
    let tasks = await TaskListPage.verifyOnPage(page);
    expect(await tasks.progress()).toBe('You have completed 0 of 6 sections. Each section is saved when you continue.');
    await saveScreenshot(page, 'rfs-task-list-empty');

    await tasks.open('Children and family members');
    let people = await PeoplePage.verifyOnPage(page);
    await people.addPerson();
    let person = await PersonPage.verifyOnPage(page);
    await person.fill({ firstName: 'Amy', lastName: 'Smith', dateOfBirth: ['14', '2', '2100'], postcode: 'CM1', send: 'No' });
    await person.save();
    person = await PersonPage.verifyOnPage(page);
    expect((await person.errors()).messages).toEqual([
      'Date of birth must be today or in the past. For an unborn baby, tick ‘Not born yet’ and enter the expected date',
      'Enter a full UK postcode, like CM1 1QH',
    ]);
    await saveScreenshot(page, 'rfs-person-errors');
    await person.fill({ dateOfBirth: ['14', '2', '2016'], postcode: 'CM1 1QH', school: 'Chelmsford Primary' });
    await person.save();
    people = await PeoplePage.verifyOnPage(page);
    await people.addPerson();
    person = await PersonPage.verifyOnPage(page);
    await person.fill({ role: 'A parent or carer', relationship: 'Mother', firstName: 'Jo', lastName: 'Smith' });
    await person.save();
    people = await PeoplePage.verifyOnPage(page);
    expect(await people.people()).toEqual(['Amy Smith', 'Jo Smith']);
    await saveScreenshot(page, 'rfs-people');
    await people.chooseDistrictAndContinue('Chelmsford');
    tasks = await TaskListPage.verifyOnPage(page);
    expect(await tasks.status('Children and family members')).toBe('Completed');
  });

  it('answers the other sections, seeing the Windscreen descriptors beside each level', async () => {
    let tasks = await TaskListPage.verifyOnPage(page);
    await tasks.open('What the worries are');
    let section = await SectionPage.verifyOnPage(page, 'What are the worries?');
    await section.tick('Getting a good education');
    await section.fill('What are the worries?', 'Amy has missed 12 Mondays this term.');
    await saveScreenshot(page, 'rfs-worries');
    await section.save();

    tasks = await TaskListPage.verifyOnPage(page);
    await tasks.open('Strengths');
    section = await SectionPage.verifyOnPage(page, 'What are the family’s strengths?');
    await section.fill('What are the family’s strengths?', 'Amy is close to her grandmother, who walks her to school on Fridays.');
    await section.save();

    tasks = await TaskListPage.verifyOnPage(page);
    await tasks.open('What has already been tried');
    section = await SectionPage.verifyOnPage(page, 'What has already been tried?');
    await section.fill('What has already been tried?', 'A school mentor since September; attendance improved for a month.');
    await section.choose('Does the family have an Early Help Plan?', 'No');
    await section.choose('Is there a Team Around the Family (TAF)?', 'No');
    await section.save();

    tasks = await TaskListPage.verifyOnPage(page);
    await tasks.open('Level of need');
    section = await SectionPage.verifyOnPage(page, 'What level of need do you think applies?');
    expect(await page.getByText('Needs additional help with learning in school').isVisible()).toBe(true);
    await section.tick('Level 2: Additional');
    await section.fill('Why do you think this level applies?', 'Emerging problems with attendance; parents need extra support.');
    await saveScreenshot(page, 'rfs-level');
    await section.save();

    tasks = await TaskListPage.verifyOnPage(page);
    await tasks.open('Consent');
    section = await SectionPage.verifyOnPage(page, 'Consent');
    await section.choose('Has the family agreed to this request?', 'Yes');
    await section.choose('Has the family agreed to information about them being shared?', 'Yes');
    await saveScreenshot(page, 'rfs-consent');
    await section.save();

    tasks = await TaskListPage.verifyOnPage(page);
    expect(await tasks.progress()).toBe('You have completed 6 of 6 sections. Each section is saved when you continue.');
    expect(await tasks.status('Check your answers and send')).toBe('Ready to send');
    await saveScreenshot(page, 'rfs-task-list-complete');
  });

  it('checks the answers, changes one, sends once and gets a reference', async () => {
    const tasks = await TaskListPage.verifyOnPage(page);
    await tasks.open('Check your answers and send');
    let check = await CheckAnswersPage.verifyOnPage(page);
    expect(await check.answer('District')).toBe('Chelmsford');
    expect(await check.answer('Level')).toBe('Level 2: Additional');
    await check.change('strengths');
    const section = await SectionPage.verifyOnPage(page, 'What are the family’s strengths?');
    await section.fill('What are the family’s strengths?', 'Amy loves drawing and is close to her grandmother.');
    await section.save();
    check = await CheckAnswersPage.verifyOnPage(page);
    expect(await check.answer('Strengths')).toBe('Amy loves drawing and is close to her grandmother.');
    await saveScreenshot(page, 'rfs-check-answers');
    await check.send();

    const sent = await RequestSentPage.verifyOnPage(page, 'Request sent');
    reference = await sent.reference();
    expect(reference).toMatch(/^[A-HJ-NP-Z2-9]{4} [A-HJ-NP-Z2-9]{4}$/);
    await saveScreenshot(page, 'rfs-sent');

    // Going back to "Check your answers" after sending shows the sent request again: never a second one.
    await page.goBack();
    const again = await RequestSentPage.verifyOnPage(page, 'Request sent');
    expect(await again.reference()).toBe(reference);
    const { total } = await journey.server.services.frontDoor.listRequests({ source: ['practitioner'] });
    expect(total).toBe(1);
  });

  it('lists the sent request with its status on “Your requests”', async () => {
    const sent = await RequestSentPage.verifyOnPage(page, 'Request sent');
    await sent.openNavigation('Request support');
    const requests = await YourRequestsPage.verifyOnPage(page);
    expect(await requests.sent.innerText()).toContain(reference);
    expect(await requests.sent.innerText()).toContain('Amy Smith');
    expect(await requests.sent.innerText()).toContain('Received');
    await saveScreenshot(page, 'rfs-your-requests');
  });
});
