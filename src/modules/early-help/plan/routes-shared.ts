import { currentUser } from '../../../platform/http/params.ts';
import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import type { EmergencyAccessBanner } from '../../../platform/break-glass/access.ts';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import { can } from '../../../platform/permissions/policy.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { formError, type FormErrors } from '../../../platform/views/forms.ts';
import type { DirectoryService } from '../../directory/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { ACTION_STATUS_NAMES, formatDate } from './rules.ts';
import { PlanChangedError, type PlanService } from './service.ts';
import { RELATIONSHIP_NAMES } from '../rules.ts';
import { EarlyHelpError, type EarlyHelpService } from '../service.ts';

export const V = 'early-help/plan/views';
export const STALE =
  'Someone else changed this plan while you were looking at it. Nothing has been saved: check the plan as it is now.';

export type Deps = {
  plans: PlanService;
  earlyHelp: EarlyHelpService;
  directory: DirectoryService;
  reference: ReferenceService;
  audit: AuditLog;
};
export type Record_ = NonNullable<Awaited<ReturnType<PlanService['forEpisode']>>> & {
  emergencyAccess: EmergencyAccessBanner | null;
  /** "Disagree with this plan? Raise an escalation" (issue 15): anyone who may raise one but its lead professional. */
  mayEscalate: boolean;
};
export type WithPlan = Extract<Record_, { goals: unknown }>;

/** A service problem as the form's error summary, or null when it is not one the user can fix. */
export function problemOf(error: unknown): FormErrors | null {
  if (error instanceof EarlyHelpError) return formError(error.field, error.message);
  if (error instanceof PlanChangedError) return formError('typedName', error.message);
  if (error instanceof StaleVersionError) return formError('version', STALE);
  return null;
}

/** A stored day as a date input's three values, and the input's items (one way, in platform/views/date-input.ts). */
export { dateInputValues as dateParts, dateInputItems as dateItems } from '../../../platform/views/date-input.ts';

/** What every plan page shares: the signed-in user, the record as the route's declared access decided it. */
export function planPages({ plans }: Deps) {
  const user = currentUser;
  const param = (request: FastifyRequest, name = 'id') => {
    const value = (request.params as Record<string, string>)[name];
    if (!value || !isUuid(value)) throw notFound();
    return value;
  };
  const planPath = (record: Record_) => `/early-help/episodes/${record.episode.id}/plan`;

  /** The plan as the viewer may see it; the route's declared access has decided (and audited) the family. */
  async function open(request: FastifyRequest, episodeId: string): Promise<Record_> {
    const decided = decidedRecord(request);
    const record = await plans.forEpisode(user(request), episodeId);
    if (!record) throw notFound();
    const viewer = user(request);
    const mayEscalate =
      can(viewer, 'escalation:raise').allowed && record.episode.lead_professional_id !== viewer.id && !!record.plan;
    return { ...record, emergencyAccess: decided.access?.banner ?? null, mayEscalate };
  }

  async function openPlan(request: FastifyRequest, { edit }: { edit: boolean }): Promise<WithPlan> {
    const plan = await plans.planRow(param(request));
    if (!plan) throw notFound();
    const record = await open(request, plan.episode_id);
    if (edit && !record.canEdit)
      throw forbidden('Only the family’s lead professional or allocated worker can change their plan.');
    if (edit && record.episode.status !== 'open')
      throw forbidden('This episode has been closed: its plan can no longer change.');
    return record as WithPlan;
  }

  const common = (record: Record_) => ({
    ...record,
    statusNames: ACTION_STATUS_NAMES,
    relationshipNames: RELATIONSHIP_NAMES,
    formatDate,
  });
  return { user, param, planPath, open, openPlan, common };
}
