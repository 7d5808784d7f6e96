import { format, parseISO } from 'date-fns';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { Notify } from '../../platform/notify/notify.ts';
import type { EncompassRepository } from './repository.ts';

export const ENCOMPASS_TEMPLATE = 'encompass-notification';
export const NO_DSL_EMAIL = 'no-dsl-email';
const BATCH = 100;
const SYSTEM = { userId: null, label: 'system: Operation Encompass' };

const longDate = (day: string) => format(parseISO(day), 'd MMMM yyyy');

/**
 * The email to a school: only what the school needs (the child, their date of birth, the day police attended, that a
 * notification is waiting and where to sign in); never what happened, never the adults.
 */
export function encompassEmail(n: {
  id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  incident_date: string;
  school_name: string;
  publicUrl: string;
}) {
  return {
    template: ENCOMPASS_TEMPLATE,
    subject: `Operation Encompass: a notification for ${n.school_name}`,
    body: [
      `Police attended a domestic abuse incident on ${longDate(n.incident_date)} at the home of a child at your school.`,
      '',
      `Child: ${n.first_name} ${n.last_name}, born ${longDate(n.date_of_birth)}.`,
      '',
      'An Operation Encompass notification is waiting for you in Hearth. Sign in to record that you received it, and later the support the school gave:',
      `${n.publicUrl}/encompass/${n.id}`,
      '',
      'This email goes to the school’s designated safeguarding lead and deputy. Keep it confidential.',
    ].join('\n'),
  };
}

/**
 * Sends every notification that has a school and has not been sent: one email to the designated safeguarding lead
 * and one to the deputy (when the school has one), through Notify's outbox, in the same transaction that marks it
 * sent, so a re-run never sends twice (the rows are locked, and others skip them). A school with no lead's email is
 * refused: the notification keeps `send_problem` and waits on the Hub's list until the school has one.
 */
export async function sendDue(
  deps: { db: Kysely<DB>; repository: EncompassRepository; notify: Notify; audit: AuditLog; publicUrl: string },
  now = new Date(),
): Promise<{ sent: number; refused: number }> {
  const { repository } = deps;
  return deps.db.transaction().execute(async (tx) => {
    let sent = 0;
    let refused = 0;
    for (const n of await repository.dueForSending(tx, BATCH)) {
      if (!n.dsl_email) {
        if (n.send_problem !== NO_DSL_EMAIL) {
          await tx
            .updateTable('encompass_notifications')
            .set({ send_problem: NO_DSL_EMAIL })
            .where('id', '=', n.id)
            .execute();
          await deps.audit.record(
            SYSTEM,
            {
              action: 'encompass.send-refused',
              outcome: 'failure',
              subjectType: 'encompass-notification',
              subjectId: n.id,
              details: { reason: NO_DSL_EMAIL },
            },
            tx,
          );
        }
        refused++;
        continue;
      }
      const to = [n.dsl_email, n.deputy_email].filter((e): e is string => !!e);
      const email = encompassEmail({ ...n, school_name: n.school_name, publicUrl: deps.publicUrl });
      for (const recipient of to) await deps.notify.sendEmail({ ...email, to: recipient }, tx);
      const onTime = now.getTime() < new Date(n.deadline).getTime();
      await tx
        .updateTable('encompass_notifications')
        .set({ sent_at: now, sent_template: ENCOMPASS_TEMPLATE, sent_to: to, sent_on_time: onTime, send_problem: null })
        .where('id', '=', n.id)
        .where('sent_at', 'is', null)
        .execute();
      await deps.audit.record(
        SYSTEM,
        {
          action: 'encompass.sent',
          outcome: 'success',
          subjectType: 'encompass-notification',
          subjectId: n.id,
          details: { to, onTime },
        },
        tx,
      );
      sent++;
    }
    return { sent, refused };
  });
}
