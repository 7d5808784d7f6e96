import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { BasePage, clickAndWait, expectOnPage } from './pages/base-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

/**
 * Issue 13, Missing Chats: the police report a missing child and then her return (through their API); the
 * Involvement Service worker finds her on the Missing Chats due list, records the offer and the chat in her own
 * words, and raises an exploitation concern straight from the chat.
 */

const WORKER = { email: 'involvement.worker@essex.example', name: 'Ellie Hughes', password: DEMO_PASSWORD };

class ChatPages extends BasePage {
  constructor(page: Page) {
    super(page);
  }
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<ChatPages> {
    await expectOnPage(page, heading);
    return new ChatPages(page);
  }
  text(qa: string): Promise<string> {
    return this.page.locator(`[data-qa=${qa}]`).first().innerText();
  }
}

async function both(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await saveScreenshot(page, `${name}-1280`);
}

/** A time in England some hours ago, as the police system writes it. */
const londonAgo = (hours: number) => new TZDate(Date.now() - hours * 3_600_000, 'Europe/London');
const asPolice = (d: TZDate) => format(d, "yyyy-MM-dd'T'HH:mm");

const notification = (policeReference: string, missing: Record<string, unknown>) => ({
  police_reference: policeReference,
  incident_date: format(londonAgo(10), 'yyyy-MM-dd'),
  concern_category: 'missing',
  summary: 'Did not come home after school.',
  district: 'colchester',
  officer: { name: 'PC Amy Clarke' },
  children: [{ first_name: 'Jade', last_name: 'Morgan', date_of_birth: '2011-04-09', gender: 'F' }],
  missing: {
    episode_reference: 'MP/2026/0777',
    missing_from: 'home',
    reported_at: asPolice(londonAgo(10)),
    reported_by: 'Mother, by phone',
    risk_grading: 'high',
    ...missing,
  },
});

describe('Missing Chats', () => {
  const journey = useJourney();

  it('puts a returned child on the due list; the worker records the offer and the chat, and raises a concern', async () => {
    const token = (
      await journey.server.services.apiClients.create(
        { userId: null, label: 'test' },
        { name: 'Essex Police', organisationCode: 'essex-police' },
      )
    ).token;
    const send = async (body: unknown) => {
      const response = await fetch(`${journey.server.baseUrl}/api/police-notifications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ notifications: [body] }),
      });
      expect(await response.json()).toMatchObject({ created: 1 });
    };
    await send(notification('42/30001/26', { event: 'report' }));
    await send(
      notification('42/30002/26', {
        event: 'return',
        returned_at: asPolice(londonAgo(2)),
        returned_where: 'Colchester bus station',
        returned_how: 'Found by officers',
      }),
    );

    const page = await journey.newPage();
    await signIn(page, WORKER);
    await page.goto('/');
    await clickAndWait(page, new ChatPages(page).navigationLink('Missing Chats'));
    const list = await ChatPages.verifyOnPage(page, 'Missing Chats');
    expect(await list.text('count')).toBe('1 chat to offer');
    const row = page.locator('[data-qa=due-chat]');
    expect(await row.innerText()).toContain('Jade Morgan');
    expect(await row.innerText()).toContain('Aged 15, Colchester');
    expect(await row.innerText()).toContain('High risk');
    expect(await row.locator('[data-qa=rag]').innerText()).toBe('GREEN');
    await both(page, 'missing-chats-due-list');

    await clickAndWait(page, page.locator('[data-qa=tab-parent]'));
    await ChatPages.verifyOnPage(page, 'Parental Missing Chats');
    expect(await page.locator('[data-qa=due-chat]').innerText()).toContain('Jade Morgan');
    await both(page, 'missing-chats-parental');
    await clickAndWait(page, page.locator('[data-qa=tab-child]'));

    await clickAndWait(page, page.getByRole('link', { name: 'Jade Morgan' }));
    const chat = await ChatPages.verifyOnPage(page, 'Jade Morgan');
    expect(await chat.text('status')).toBe('Not yet offered');
    expect(await chat.text('rag-words')).toMatch(/^Offer due in \d+ hours/);
    expect(await chat.text('child')).toContain('Colchester bus station');
    await both(page, 'missing-chat-new');

    // Saying the chat was held without the offer: every problem at once.
    await page.getByLabel('What the child said, in their own words').fill('I was scared to go home.');
    await clickAndWait(page, page.locator('[data-qa=save]'));
    const wrong = await ChatPages.verifyOnPage(page, 'Jade Morgan');
    expect((await wrong.errors()).messages).toEqual([
      'Enter the date the chat was offered',
      'Enter the time the chat was offered',
      'Select how the chat was offered',
      'Select accepted to record the chat: a chat is held only when they choose to have it',
    ]);
    await expect(page.getByLabel('What the child said, in their own words').inputValue()).resolves.toBe(
      'I was scared to go home.',
    );
    await both(page, 'missing-chat-problems');

    const offered = londonAgo(1);
    const [day, month, year] = [format(offered, 'd'), format(offered, 'M'), format(offered, 'yyyy')];
    await page.locator('#offeredOn-day').fill(day);
    await page.locator('#offeredOn-month').fill(month);
    await page.locator('#offeredOn-year').fill(year);
    await page.getByLabel('Time', { exact: true }).fill(format(offered, 'HH:mm'));
    await page.getByRole('radio', { name: 'By text message' }).check();
    await page.getByRole('radio', { name: 'Accepted' }).check();
    await page.locator('#heldOn-day').fill(day);
    await page.locator('#heldOn-month').fill(month);
    await page.locator('#heldOn-year').fill(year);
    await page.getByRole('radio', { name: 'Face to face' }).check();
    await page.getByRole('checkbox', { name: 'Arguments or conflict at home or in the placement' }).check();
    await page.getByRole('checkbox', { name: 'Older people offering gifts, money, drugs or alcohol' }).check();
    await page.getByLabel('Risks found (optional)').fill('Older boys at the bus station give her money to carry bags.');
    await page.getByLabel('Actions agreed (optional)').fill('Exploitation concern raised; talk to school.');
    await page.getByRole('checkbox', { name: 'The child’s school' }).check();
    await clickAndWait(page, page.locator('[data-qa=save]'));
    const saved = await ChatPages.verifyOnPage(page, 'Jade Morgan');
    expect(await saved.errorSummary.count(), await page.locator('main').innerText()).toBe(0);
    expect(await saved.flash.innerText()).toContain('The chat is saved.');
    expect(await saved.text('status')).toBe('Held');
    await both(page, 'missing-chat-held');

    await clickAndWait(page, page.locator('[data-qa=raise-concern]'));
    await ChatPages.verifyOnPage(page, 'Record a concern about child exploitation');
    await expect(page.getByLabel('First name').inputValue()).resolves.toBe('Jade');
    await expect(page.getByLabel('Last name').inputValue()).resolves.toBe('Morgan');
    await expect(page.locator('#childDateOfBirth-year').inputValue()).resolves.toBe('2011');
    await both(page, 'missing-chat-concern-form');
    await page.getByRole('checkbox', { name: 'Criminal exploitation' }).check();
    await page.getByRole('checkbox', { name: 'In person', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Going missing from home, care or school' }).check();
    await page
      .getByLabel('What have you seen or been told?')
      .fill('In her Missing Chat Jade said older boys give her money to carry bags from the bus station.');
    await page.getByLabel('In which district does it happen?').selectOption({ label: 'Colchester' });
    await page
      .getByRole('radio', { name: 'I suspect the child could be exploited, or is vulnerable to exploitation' })
      .check();
    await page.getByRole('radio', { name: 'Yes, I have reported it' }).check();
    await page.getByLabel('Police reference').fill('42/30003/26');
    await page.locator('#policeReportedOn-day').fill(day);
    await page.locator('#policeReportedOn-month').fill(month);
    await page.locator('#policeReportedOn-year').fill(year);
    await page.getByLabel('Officer you reported it to').fill('PC Amy Clarke');
    await clickAndWait(page, page.locator('[data-qa=record-concern]'));
    await ChatPages.verifyOnPage(page, 'Exploitation concern: Jade Morgan');
    const concernUrl = new URL(page.url()).pathname;

    await page.goBack();
    await page.goto('/missing-chats');
    await ChatPages.verifyOnPage(page, 'Missing Chats');
    expect(await page.locator('[data-qa=count]').innerText()).toBe('0 chats to offer');
    await both(page, 'missing-chats-none-due');
    await page.goto(`/missing-chats?kind=parent`);
    await clickAndWait(page, page.getByRole('link', { name: 'Jade Morgan' }));
    await ChatPages.verifyOnPage(page, 'Jade Morgan');
    await clickAndWait(page, page.locator('[data-qa=episode-link]'));
    await ChatPages.verifyOnPage(page, 'Jade Morgan');
    expect(await page.locator('[data-qa=episode-chats]').innerText()).toContain('Held');
    await both(page, 'missing-episode-with-chats');
    await clickAndWait(page, page.getByRole('link', { name: 'Missing Chat', exact: true }));
    const withConcern = await ChatPages.verifyOnPage(page, 'Jade Morgan');
    expect(await withConcern.text('concern-raised')).toContain('An exploitation concern was raised from this chat');
    expect(await page.locator('[data-qa=concern-link]').getAttribute('href')).toBe(concernUrl);
    await both(page, 'missing-chat-with-concern');
  });
});
