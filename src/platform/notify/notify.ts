import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import { newId } from '../db/ids.ts';

export interface EmailMessage {
  /** Names the GOV.UK Notify template this message uses in production. */
  template: string;
  to: string;
  subject: string;
  body: string;
}

/**
 * Sends emails. Every message is written to the notify_outbox table in the caller's transaction,
 * so a message is queued if and only if the change that caused it commits. In development and
 * tests the outbox is where people and tests read them; in production a delivery job hands queued
 * rows to GOV.UK Notify (see docs/architecture.md).
 */
export class Notify {
  constructor(private readonly db: Kysely<DB>) {}

  async sendEmail(message: EmailMessage, db: Kysely<DB> = this.db): Promise<string> {
    const id = newId();
    await db
      .insertInto('notify_outbox')
      .values({
        id,
        channel: 'email',
        template: message.template,
        recipient: message.to,
        subject: message.subject,
        body: message.body,
        sent_at: null,
      })
      .execute();
    return id;
  }

  outbox(limit = 50) {
    return this.db
      .selectFrom('notify_outbox')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  latestTo(recipient: string) {
    return this.db
      .selectFrom('notify_outbox')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['recipient']), '=', recipient.toLowerCase()))
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }
}
