import type { Kysely } from 'kysely';
import { NotifyClient } from 'notifications-node-client';
import type { DB } from '../db/schema/index.ts';

/** What delivery needs from GOV.UK Notify: one call, so tests can stand in for it. */
export interface EmailSender {
  sendEmail(
    templateId: string,
    emailAddress: string,
    options: { personalisation: Record<string, string>; reference: string },
  ): Promise<unknown>;
}

export const govukNotifySender = (apiKey: string): EmailSender => new NotifyClient(apiKey) as unknown as EmailSender;

const BATCH = 50;

/**
 * Hands queued outbox emails to GOV.UK Notify, oldest first, through one generic template whose
 * subject is ((subject)) and body ((body)). The outbox id is the Notify reference, so a retried
 * batch can be matched up. Failures are marked and not retried automatically: a person should look.
 */
export async function deliverQueuedEmails(
  db: Kysely<DB>,
  sender: EmailSender,
  templateId: string,
): Promise<{ sent: number; failed: number }> {
  const queued = await db
    .selectFrom('notify_outbox')
    .select(['id', 'recipient', 'subject', 'body'])
    .where('status', '=', 'queued')
    .where('channel', '=', 'email')
    .orderBy('created_at')
    .limit(BATCH)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const message of queued) {
    try {
      await sender.sendEmail(templateId, message.recipient, {
        personalisation: { subject: message.subject, body: message.body },
        reference: message.id,
      });
      await db
        .updateTable('notify_outbox')
        .set({ status: 'sent', sent_at: new Date() })
        .where('id', '=', message.id)
        .execute();
      sent += 1;
    } catch {
      await db.updateTable('notify_outbox').set({ status: 'failed' }).where('id', '=', message.id).execute();
      failed += 1;
    }
  }
  return { sent, failed };
}
