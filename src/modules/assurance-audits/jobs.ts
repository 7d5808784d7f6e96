import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { AssuranceAuditsService } from './service.ts';

/**
 * Each morning: reminders to invited agencies yet to make their Section 11 or Section 175 return, on the tenant's
 * days before the due date and every few days once overdue. Idempotent: one reminder an invitation a day, however
 * often it runs.
 */
export function assuranceAuditJobs(audits: AssuranceAuditsService): JobDefinition[] {
  return [
    {
      name: 'assurance-return-reminders',
      cron: '10 7 * * *',
      run: async () => void (await audits.cycles.sendReminders()),
    },
  ];
}
