import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  CheckAnswersPage,
  HubQueuePage,
  HubRequestPage,
  PeoplePage,
  PersonPage,
  RequestSentPage,
  SectionPage,
  TaskListPage,
  YourRequestsPage,
} from './pages/request-for-support-pages.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';

const TEACHER = { email: 'teacher@essex.example', name: 'Grace Okafor', password: DEMO_PASSWORD };
const SCREENER = { email: 'hub.practitioner@essex.example', name: 'Priya Shah', password: DEMO_PASSWORD };

describe('a teacher requests support for a child', () => {
  const journey = useJourney();
  let page: Page;
  let reference: string;

  it('starts a request from the navigation and adds the family, fixing a mistake on the way', async () => {
    page = await journey.newPage();
    const { home } = await signIn(page, TEACHER);
    await home.openNavigation('Request support');
    const requests = await YourRequestsPage.verifyOnPage(page);
    await requests.startNewRequest();
    let tasks = await TaskListPage.verifyOnPage(page);
    expect(await tasks.progress()).toBe('You have completed 0 of 7 sections. Each section is saved when you continue.');
    await saveScreenshot(page, 'rfs-task-list-empty');

    await tasks.open('Is the family already getting support?');
    const support = await SectionPage.verifyOnPage(page, 'Is the family already getting support?');
    await support.tick('No, this is a new request');
    await support.save();
    tasks = await TaskListPage.verifyOnPage(page);
    expect(await tasks.status('Is the family already getting support?')).toBe('Completed');

    await tasks.open('Children and family members');
    let people = await PeoplePage.verifyOnPage(page);
    await people.addPerson();
    let person = await PersonPage.verifyOnPage(page);
    await person.fill({
      firstName: 'Amy',
      lastName: 'Smith',
      dateOfBirth: ['14', '2', '2100'],
      postcode: 'CM1',
      send: 'No',
    });
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
    await section.fill(
      'What are the family’s strengths?',
      'Amy is close to her grandmother, who walks her to school on Fridays.',
    );
    await section.save();

    tasks = await TaskListPage.verifyOnPage(page);
    await tasks.open('What has already been tried');
    section = await SectionPage.verifyOnPage(page, 'What has already been tried?');
    await section.fill(
      'What has already been tried?',
      'A school mentor since September; attendance improved for a month.',
    );
    await section.choose('Does the family have an Early Help Plan?', 'No');
    await section.choose('Is there a Team Around the Family (TAF)?', 'No');
    await section.save();

    tasks = await TaskListPage.verifyOnPage(page);
    await tasks.open('Level of need');
    section = await SectionPage.verifyOnPage(page, 'What level of need do you think applies?');
    expect(await page.getByText('Needs additional help with learning in school').isVisible()).toBe(true);
    await section.tick('Level 2: Additional');
    await section.fill(
      'Why do you think this level applies?',
      'Emerging problems with attendance; parents need extra support.',
    );
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
    expect(await tasks.progress()).toBe('You have completed 7 of 7 sections. Each section is saved when you continue.');
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

describe('a teacher asks for a step up for a family already getting early help, and the Hub sees it', () => {
  const journey = useJourney();
  let page: Page;
  let reference: string;

  it('answers “already getting support?” as a step up, is held to a higher level, and sends it', async () => {
    page = await journey.newPage();
    const { home } = await signIn(page, TEACHER);
    await home.openNavigation('Request support');
    await (await YourRequestsPage.verifyOnPage(page)).startNewRequest();
    let tasks = await TaskListPage.verifyOnPage(page);

    await tasks.open('Is the family already getting support?');
    let support = await SectionPage.verifyOnPage(page, 'Is the family already getting support?');
    await support.tick('Yes, and they need more help (step up)');
    await support.save();
    support = await SectionPage.verifyOnPage(page, 'Is the family already getting support?');
    expect((await support.errors()).messages).toEqual([
      'Select the family’s level of need now',
      'Enter the handover summary: what has been done, what is working, what is not, and why the level should change',
    ]);
    await saveScreenshot(page, 'rfs-step-up-errors');
    await support.choose('What is the family’s level of need now?', 'Level 2: Additional');
    await support.fill(
      'Handover summary',
      'Early Help Plan since January: a parenting course done, attendance up to 90%. Not working: home conditions are worse since March and mum has stopped coming to TAF meetings. A Family Solutions worker is needed.',
    );
    await saveScreenshot(page, 'rfs-step-up');
    await support.save();

    tasks = await TaskListPage.verifyOnPage(page);
    await tasks.open('Children and family members');
    let people = await PeoplePage.verifyOnPage(page);
    await people.addPerson();
    const person = await PersonPage.verifyOnPage(page);
    await person.fill({
      firstName: 'Leo',
      lastName: 'Brown',
      dateOfBirth: ['3', '7', '2014'],
      postcode: 'CM20 1AB',
      send: 'No',
    });
    await person.save();
    people = await PeoplePage.verifyOnPage(page);
    await people.chooseDistrictAndContinue('Harlow');

    for (const [task, heading, fill] of [
      [
        'What the worries are',
        'What are the worries?',
        async (s: SectionPage) => {
          await s.tick('Secure housing');
          await s.fill('What are the worries?', 'Rent arrears; an eviction notice in May.');
        },
      ],
      [
        'Strengths',
        'What are the family’s strengths?',
        async (s: SectionPage) => s.fill('What are the family’s strengths?', 'Leo is doing well at school.'),
      ],
      [
        'What has already been tried',
        'What has already been tried?',
        async (s: SectionPage) => {
          await s.fill('What has already been tried?', 'An Early Help Plan with a Team Around the Family.');
          await s.choose('Does the family have an Early Help Plan?', 'Yes');
          await s.choose('Is there a Team Around the Family (TAF)?', 'Yes');
        },
      ],
      [
        'Consent',
        'Consent',
        async (s: SectionPage) => {
          await s.choose('Has the family agreed to this request?', 'Yes');
          await s.choose('Has the family agreed to information about them being shared?', 'Yes');
        },
      ],
    ] as const) {
      tasks = await TaskListPage.verifyOnPage(page);
      await tasks.open(task);
      const section = await SectionPage.verifyOnPage(page, heading);
      await fill(section);
      await section.save();
    }

    tasks = await TaskListPage.verifyOnPage(page);
    await tasks.open('Level of need');
    let level = await SectionPage.verifyOnPage(page, 'What level of need do you think applies?');
    await level.tick('Level 2: Additional');
    await level.fill('Why do you think this level applies?', 'Needs are growing.');
    await level.save();
    level = await SectionPage.verifyOnPage(page, 'What level of need do you think applies?');
    expect((await level.errors()).messages).toEqual([
      'A step up must ask for a higher level of need than the family’s level now (level 2, Additional). Choose a higher level, or change your answer to “Is the family already getting support?”',
    ]);
    await saveScreenshot(page, 'rfs-step-up-level-error');
    await level.tick('Level 3: Intensive');
    await level.save();

    tasks = await TaskListPage.verifyOnPage(page);
    expect(await tasks.progress()).toBe('You have completed 7 of 7 sections. Each section is saved when you continue.');
    await tasks.open('Check your answers and send');
    const check = await CheckAnswersPage.verifyOnPage(page);
    expect(await check.answer('Already getting support')).toBe('Yes, and they need more help (step up)');
    expect(await check.answer('Level now')).toBe('Level 2: Additional');
    expect(await check.answer('Handover summary')).toMatch(/^Early Help Plan since January/);
    expect(await check.answer('Level')).toBe('Level 3: Intensive');
    await saveScreenshot(page, 'rfs-step-up-check');
    await check.send();
    reference = await (await RequestSentPage.verifyOnPage(page, 'Request sent')).reference();
  });

  it('shows the Hub a “Step up” it can filter for, with the level now and the handover above the request', async () => {
    const hubPage = await journey.newPage();
    const { home } = await signIn(hubPage, SCREENER);
    await home.openNavigation('Hub queue');
    const queue = await HubQueuePage.verifyOnPage(hubPage);
    await queue.filterByKind('Step up');
    const filtered = await HubQueuePage.verifyOnPage(hubPage);
    expect(await filtered.rows()).toEqual([expect.stringContaining(reference)]);
    expect(await filtered.rows()).toEqual([expect.stringContaining('Step up')]);
    await saveScreenshot(hubPage, 'hub-queue-step-up');
    await filtered.open(reference);
    const request = await HubRequestPage.verifyOnPage(hubPage, reference);
    expect(await request.levelChange()).toEqual({
      'Level now': 'Level 2: Additional',
      'Level asked for': 'Level 3: Intensive',
      'Handover summary': expect.stringMatching(/^Early Help Plan since January/),
    });
    await saveScreenshot(hubPage, 'hub-request-step-up');
  });
});
