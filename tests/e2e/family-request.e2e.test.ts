import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AboutYouPage, ChildrenPage, GetHelpStartPage, exitThisPage } from './pages/family-request-pages.ts';
import { CheckAnswersPage, PersonPage, RequestSentPage, SectionPage } from './pages/request-for-support-pages.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';

const PARENT = {
  name: 'Jo Smith',
  relationship: 'Parent',
  contactBy: 'email' as const,
  email: 'jo.smith@example.com',
  address: '1 High Street\nHarlow',
  postcode: 'cm20 1ab',
  area: 'Harlow',
};

describe('a parent asks for help for their family, with no account', () => {
  const journey = useJourney();
  let page: Page;

  /** Every page of the journey offers "Exit this page", as a real link that works without JavaScript. */
  async function expectExitThisPage() {
    expect(await exitThisPage(page).isVisible()).toBe(true);
    expect(await exitThisPage(page).getAttribute('href')).toBe('/get-help/leave');
  }

  it('reads the safeguarding message first, then tells us about themselves', async () => {
    page = await journey.newPage();
    const start = await GetHelpStartPage.visit(page);
    expect(await start.safeguarding.innerText()).toContain('If a child is in immediate danger, call 999.');
    expect(await start.safeguarding.innerText()).toContain('0345 603 7627');
    await expectExitThisPage();
    await saveScreenshot(page, 'family-start');
    await start.start();

    let about = await AboutYouPage.verifyOnPage(page);
    await expectExitThisPage();
    await about.fill({ ...PARENT, email: 'jo.smith@' });
    await about.continue();
    about = await AboutYouPage.verifyOnPage(page);
    expect((await about.errors()).messages).toEqual([
      'Enter an email address in the correct format, like name@example.com',
    ]);
    await saveScreenshot(page, 'family-about-you-error');
    await about.fill({ email: PARENT.email });
    await about.continue();
  });

  it('adds a child, says what is worrying them and what has helped, and agrees to sharing', async () => {
    let children = await ChildrenPage.verifyOnPage(page);
    await expectExitThisPage();
    await children.addChild();
    const child = await PersonPage.verifyOnPage(page);
    await expectExitThisPage();
    await child.fill({
      firstName: 'Amy',
      lastName: 'Smith',
      dateOfBirth: ['1', '9', '2016'],
      school: 'Harlow Primary',
      send: 'No',
    });
    await saveScreenshot(page, 'family-child');
    await child.save();
    children = await ChildrenPage.verifyOnPage(page);
    expect(await children.children()).toEqual(['Amy Smith']);
    await children.continue();

    let section = await SectionPage.verifyOnPage(page, 'What is worrying you?');
    await expectExitThisPage();
    await section.tick('Arguments or getting on at home');
    await section.fill('Tell us more', 'We argue every night and Amy hides in her room.');
    await saveScreenshot(page, 'family-worries');
    await section.save();

    section = await SectionPage.verifyOnPage(page, 'What is going well, and what has helped');
    await expectExitThisPage();
    await section.fill('What is going well for your family?', 'We like walking the dog together.');
    await section.fill('What have you tried so far, and did it help?', 'Nothing yet.');
    await section.save();

    section = await SectionPage.verifyOnPage(page, 'Keeping and sharing what you tell us');
    await expectExitThisPage();
    await section.choose('Can we keep what you have told us and contact you about it?', 'Yes');
    await section.choose('Can we talk to other people who know your family?', 'Yes');
    await saveScreenshot(page, 'family-sharing');
    await section.save();
  });

  it('checks the answers, sends, and gets a reference by email', async () => {
    const check = await CheckAnswersPage.verifyOnPage(page);
    await expectExitThisPage();
    expect(await check.answer('Arguments or getting on at home')).toBe(
      'We argue every night and Amy hides in her room.',
    );
    expect(await check.answer('Address')).toContain('CM20 1AB');
    await saveScreenshot(page, 'family-check-answers');
    await check.send();

    const sent = await RequestSentPage.verifyOnPage(page, 'We have your request');
    await expectExitThisPage();
    const reference = await sent.reference();
    expect(reference).toMatch(/^[A-HJ-NP-Z2-9]{4} [A-HJ-NP-Z2-9]{4}$/);
    await saveScreenshot(page, 'family-sent');

    // The parent has no account: the email is read from the outbox itself (the page is for administrators).
    const emails = (await journey.server.services.notify.outbox()).filter((m) => m.recipient === PARENT.email);
    expect(emails[0]?.subject).toBe(`We have your request for help: ${reference}`);
    const stored = await journey.server.services.frontDoor.listRequests({ source: ['family'] });
    expect(stored.rows.map((r) => r.reference)).toEqual([reference.replace(' ', '')]);
  });

  it('Exit this page leaves for a neutral site and forgets the answers', async () => {
    const another = await journey.newPage();
    await another.goto('/get-help/about-you');
    const about = await AboutYouPage.verifyOnPage(another);
    await about.fill({ name: 'Sam Jones' });
    await about.continue();
    // This machine has no internet: check where the browser is sent, not that the BBC answers.
    const [left] = await Promise.all([
      another.waitForResponse((r) => r.url().endsWith('/get-help/leave')),
      exitThisPage(another).click(),
    ]);
    expect(left.status()).toBe(303);
    expect(left.headers().location).toBe('https://www.bbc.co.uk/weather');
    await another.goto('/get-help/about-you');
    await AboutYouPage.verifyOnPage(another);
    expect(await another.getByLabel('Your full name').inputValue()).toBe('');
  });
});
