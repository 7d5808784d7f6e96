import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../db/schema/index.ts';
import { writeCheckpoint, type Checkpoint } from '../audit/checkpoints.ts';
import { DEFAULT_THROTTLE, SignInThrottle } from '../auth/throttle.ts';
import { deleteExpiredSessions } from '../http/session-store.ts';
import { KEEP_FOR_MS, KeptForms } from '../http/kept-forms.ts';
import { deliverQueuedEmails, govukNotifySender } from '../notify/delivery.ts';
import type { JobDefinition } from './jobs.ts';

/**
 * The platform's scheduled jobs. Modules add their own the same way. `onCheckpoint` hears of each
 * audit checkpoint written (the server logs it, so shipped logs hold a second copy).
 */
export function platformJobs(
  db: Kysely<DB>,
  config: Config,
  onCheckpoint: (checkpoint: Checkpoint) => void = () => undefined,
): JobDefinition[] {
  const jobs: JobDefinition[] = [
    {
      name: 'sessions-delete-expired',
      cron: '*/15 * * * *',
      run: async () => {
        await deleteExpiredSessions(db, KEEP_FOR_MS);
        await new KeptForms(db).deleteExpired();
      },
    },
    {
      name: 'rate-limits-delete-expired',
      cron: '7 * * * *',
      run: async () => void (await db.deleteFrom('rate_limits').where('reset_at', '<', new Date()).execute()),
    },
    {
      name: 'sign-in-throttles-forget',
      cron: '17 * * * *',
      run: async () => void (await new SignInThrottle(db, DEFAULT_THROTTLE, () => new Date()).forgetOld()),
    },
  ];
  const file = config.audit.checkpointFile;
  if (file) {
    jobs.push({
      name: 'audit-checkpoint',
      cron: `*/${config.audit.checkpointMinutes} * * * *`,
      run: async () => {
        const written = await writeCheckpoint(db, { key: config.audit.key, file });
        if (written) onCheckpoint(written);
      },
    });
  }
  const notify = config.notify;
  if (notify) {
    const sender = govukNotifySender(notify.apiKey);
    jobs.push({
      name: 'notify-deliver',
      cron: '* * * * *',
      run: async () => void (await deliverQueuedEmails(db, sender, notify.emailTemplateId)),
    });
  }
  return jobs;
}
