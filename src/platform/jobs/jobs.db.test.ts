import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { Jobs } from './jobs.ts';
import { deliverQueuedEmails, type EmailSender } from '../notify/delivery.ts';
import { Notify } from '../notify/notify.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.close());

/** Waits for a condition, checking every 100 ms, up to a generous limit (no timing is asserted). */
async function eventually(check: () => boolean | Promise<boolean>, limitMs = 20_000) {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('background jobs on pg-boss', () => {
  it('runs a triggered job, and keeps its schedule in the database', async () => {
    let runs = 0;
    const errors: unknown[] = [];
    const jobs = await Jobs.start(
      testDb.database,
      { url: testDb.url },
      [{ name: 'test-tick', cron: '*/5 * * * *', run: async () => void (runs += 1) }],
      (error) => errors.push(error),
    );
    try {
      await jobs.trigger('test-tick');
      await eventually(() => runs === 1);
      const schedules = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule`.execute(
        testDb.database.db,
      );
      expect(schedules.rows).toEqual([expect.objectContaining({ name: 'test-tick', cron: '*/5 * * * *' })]);
      expect(errors).toEqual([]);
    } finally {
      await jobs.stop();
    }
  });
});

describe('email delivery to GOV.UK Notify', () => {
  it('sends queued emails through the generic template and marks each sent or failed', async () => {
    const notify = new Notify(testDb.database.db);
    await notify.sendEmail({ template: 'user-invitation', to: 'ok@essex.example', subject: 'Hello', body: 'Line one' });
    await notify.sendEmail({
      template: 'user-invitation',
      to: 'bounce@essex.example',
      subject: 'Hello',
      body: 'Line two',
    });
    const calls: { templateId: string; to: string; personalisation: Record<string, string> }[] = [];
    const sender: EmailSender = {
      sendEmail: async (templateId, to, options) => {
        if (to.startsWith('bounce')) throw new Error('400 BadRequestError');
        calls.push({ templateId, to, personalisation: options.personalisation });
      },
    };
    expect(await deliverQueuedEmails(testDb.database.db, sender, 'template-id')).toEqual({ sent: 1, failed: 1 });
    expect(calls).toEqual([
      { templateId: 'template-id', to: 'ok@essex.example', personalisation: { subject: 'Hello', body: 'Line one' } },
    ]);
    const statuses = await testDb.database.db
      .selectFrom('notify_outbox')
      .select(['recipient', 'status'])
      .orderBy('recipient')
      .execute();
    expect(statuses).toEqual([
      { recipient: 'bounce@essex.example', status: 'failed' },
      { recipient: 'ok@essex.example', status: 'sent' },
    ]);
    // Nothing is sent twice.
    expect(await deliverQueuedEmails(testDb.database.db, sender, 'template-id')).toEqual({ sent: 0, failed: 0 });
  });
});
