import { describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/db/ids.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import {
  FAKE_RECORD_TYPE,
  fakeRecords,
  type FakeRecord,
} from '../../src/platform/break-glass/fake-record.test-support.ts';
import {
  AccessLogPage,
  BreakGlassPage,
  BreakGlassRefusedPage,
  ForbiddenPage,
  TestRecordPage,
} from './pages/break-glass-pages.ts';
import { HomePage } from './pages/home-page.ts';
import { useJourney } from './support/journey.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { signIn } from './support/sign-in.ts';

const WORKER = { email: 'fs.worker@essex.example', name: 'Jo Carter', password: DEMO_PASSWORD };
const MANAGER = { email: 'fs.manager@essex.example', name: 'Chris Evans', password: DEMO_PASSWORD };
const TEACHER = { email: 'teacher@essex.example', name: 'Grace Okafor', password: DEMO_PASSWORD };
const REASON =
  'Police have reported Mia missing from home tonight and need her school and address; her allocated worker cannot be reached.';

// A stand-in record page (no record module exists yet), registered only in this test's app.
const record: FakeRecord = {
  id: newId(),
  label: 'Family FS-2231',
  content: 'Assessment notes for the Carter family.',
  involved: new Map(),
};

describe('break-glass: emergency access to a record the user is not involved with', () => {
  const journey = useJourney({ extraPages: fakeRecords([record]) });
  const recordPath = `/test/records/${record.id}`;

  it('a Family Solutions worker gives a reason, sees the record with a banner, and ends access early', async () => {
    const manager = (await journey.server.services.users.search(MANAGER.email, 1)).rows[0]!;
    record.involved.set(manager.id, ['team-manager']);

    const page = await journey.newPage();
    await signIn(page, WORKER);
    await page.goto(recordPath);
    let ask = await BreakGlassPage.verifyOnPage(page);
    expect(await page.getByText('Family FS-2231').first().isVisible()).toBe(true);
    await saveScreenshot(page, 'break-glass-ask');

    await ask.submit({ reason: 'Urgent' });
    ask = await BreakGlassPage.verifyOnPage(page);
    expect((await ask.errors()).messages).toEqual(['Reason must be 10 characters or more']);
    expect(await ask.reason.inputValue()).toBe('Urgent');
    await saveScreenshot(page, 'break-glass-errors');

    await ask.submit({ reason: REASON, duration: '30 minutes' });
    const recordPage = await TestRecordPage.verifyOnPage(page, 'Family FS-2231');
    expect(new URL(page.url()).pathname).toBe(recordPath);
    expect(await recordPage.content.innerText()).toBe('Assessment notes for the Carter family.');
    expect(await recordPage.banner.innerText()).toMatch(/You are using emergency access until \d{1,2}:\d{2}(am|pm)/);
    expect(await recordPage.banner.innerText()).toContain(`Your reason: ${REASON}`);
    expect(await recordPage.accessLog.count()).toBe(0);
    await saveScreenshot(page, 'break-glass-record-with-banner');

    const email = (await journey.server.services.notify.outbox()).find((m) => m.recipient === MANAGER.email);
    expect(email?.subject).toBe('Jo Carter used emergency access to Family FS-2231');
    expect(email?.body).toContain(`${journey.server.baseUrl}/access-log?type=${FAKE_RECORD_TYPE}&id=${record.id}`);

    await recordPage.endEmergencyAccess();
    const home = await HomePage.verifyOnPage(page, WORKER.name);
    expect(await home.flash.innerText()).toContain('Your emergency access to Family FS-2231 has ended.');
    await page.goto(recordPath);
    await BreakGlassPage.verifyOnPage(page);
  });

  it('the manager sees who has looked at the record, from the record and from the email’s link', async () => {
    const page = await journey.newPage();
    await signIn(page, MANAGER);
    await page.goto(recordPath);
    const recordPage = await TestRecordPage.verifyOnPage(page, 'Family FS-2231');
    const rows = await recordPage.accessLogRows();
    expect(rows.map(([who, what]) => [who, what!.split('\n')[0]])).toEqual([
      ['Chris Evans', 'Viewed'],
      ['Jo Carter', 'Was refused access'],
      ['Jo Carter', 'Ended emergency access early'],
      ['Jo Carter', 'Viewed, using emergency access'],
      ['Jo Carter', 'Started emergency access'],
      ['Jo Carter', 'Was refused access'],
    ]);
    await page.goto(`/access-log?type=${FAKE_RECORD_TYPE}&id=${record.id}`);
    const log = await AccessLogPage.verifyOnPage(page);
    expect(await log.table.innerText()).toContain(`Reason: ${REASON}`);
    await saveScreenshot(page, 'break-glass-access-log');
  });

  it('a partner practitioner is refused, and told who to ask', async () => {
    const page = await journey.newPage();
    await signIn(page, TEACHER);
    await page.goto(recordPath);
    await ForbiddenPage.verifyOnPage(page);
    expect(await page.getByText('ask its lead professional or allocated worker').isVisible()).toBe(true);
    await page.goto(`/break-glass?type=${FAKE_RECORD_TYPE}&id=${record.id}`);
    await BreakGlassRefusedPage.verifyOnPage(page);
    await saveScreenshot(page, 'break-glass-refused');
  });
});
