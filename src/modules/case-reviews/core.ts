import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { CalendarService } from '../../platform/calendar/service.ts';
import type { DB, StatutoryPartner } from '../../platform/db/schema/index.ts';
import { AccessDenied } from '../../platform/permissions/denied.ts';
import { can, type Principal, type SystemAction } from '../../platform/permissions/policy.ts';
import type { PeopleService } from '../people/index.ts';
import { partnerOf } from './rules.ts';
import type { CaseReviewSettings } from './settings.ts';

/** A change the service will not make, with the reason to show on the form's field. */
export class CaseReviewRefused extends Error {
  override name = 'CaseReviewRefused';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CaseReviewDeps {
  people: Pick<PeopleService, 'onlyLikelyMatch' | 'findCandidates' | 'summaries'>;
  calendar: Pick<CalendarService, 'calendar'>;
  /** The tenant's case-reviews.json, read once. */
  settings: () => Promise<CaseReviewSettings>;
}

/** Who the user is to case reviews: the Board manager, a statutory partner's lead, an agency's lead, or none. */
export interface Standing {
  manages: boolean;
  /** The partner a 'review:triage' user answers for (their organisation's type), or null. */
  partner: StatutoryPartner | null;
  /** The organisation whose learning actions an 'assurance:respond' user answers for, or null. */
  respondsFor: string | null;
}

/**
 * What the parts of the case review service share: the database, the audit log, the policy's checks (a refusal is
 * audited, then AccessDenied), an audited transaction and the tenant's settings.
 */
export class CaseReviewCore {
  constructor(
    readonly db: Kysely<DB>,
    readonly audit: AuditLog,
    readonly deps: CaseReviewDeps,
  ) {}

  settings() {
    return this.deps.settings();
  }

  async standing(user: Principal): Promise<Standing> {
    const manages = can(user, 'review:manage').allowed;
    let partner: StatutoryPartner | null = null;
    if (can(user, 'review:triage').allowed) {
      const org = await this.db
        .selectFrom('organisations')
        .select('type_code')
        .where('id', '=', user.organisationId)
        .executeTakeFirst();
      partner = partnerOf(org?.type_code);
    }
    const respondsFor = can(user, 'assurance:respond').allowed ? user.organisationId : null;
    return { manages, partner, respondsFor };
  }

  /** Refuses unless the policy grants the action (audited). */
  async need(actor: AuditActor, user: Principal, action: SystemAction, message: string, subjectId?: string) {
    if (can(user, action).allowed) return;
    await this.refuse(actor, action, message, subjectId);
  }

  async refuse(actor: AuditActor, action: string, message: string, subjectId?: string): Promise<never> {
    await this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType: 'case-review',
      ...(subjectId ? { subjectId } : {}),
      details: { action },
    });
    throw new AccessDenied(message);
  }

  /** Runs the write and its audit event in one transaction. */
  async write<T>(
    actor: AuditActor,
    event: { action: string; subjectType: string; subjectId: string; details?: Record<string, unknown> },
    work: (tx: Kysely<DB>) => Promise<T>,
  ): Promise<T> {
    return this.audit.write(this.db, actor, event, work);
  }
}
