import { differenceInCalendarDays, format, parseISO } from 'date-fns';
import type { Kysely } from 'kysely';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type { AssuranceCycleKind, AssuranceRating, DB } from '../../platform/db/schema/index.ts';
import { SYSTEM_GRANTS } from '../../platform/permissions/grants.ts';
import { can, type Principal } from '../../platform/permissions/policy.ts';
import { ROLES } from '../../platform/permissions/roles.ts';
import { AuditRefused, type AuditsCore } from './core.ts';
import { CYCLE_KINDS, RATINGS } from './standards.ts';

const CYCLE = 'assurance-cycle';
/** The roles that answer for an agency (the policy's assurance:respond), whom reminders go to. */
const RESPONDERS = ROLES.filter((r) => SYSTEM_GRANTS[r].includes('assurance:respond'));
const long = (day: string) => format(parseISO(day), 'd MMMM yyyy');

export interface CycleInput {
  kind: AssuranceCycleKind;
  title: string;
  opensOn: string;
  dueOn: string;
}
export interface ReturnAnswer {
  rating: AssuranceRating;
  evidence: string;
  actions: string;
}

/**
 * Section 11 and Section 175 cycles (seed 004; seed 002: "a Section 11 audit … every 2 years"): the Board's manager
 * opens a cycle and invites organisations; each invited agency's safeguarding lead rates every standard with evidence
 * and actions, and may correct it until the cycle closes (return-corrections.ts); reminders go daily to agencies yet to answer; the summary counts ratings per standard.
 */
export class AssuranceCycles {
  constructor(private readonly c: AuditsCore) {}

  async create(actor: AuditActor, user: Principal, input: CycleInput): Promise<string> {
    await this.c.toManage(actor, user, CYCLE);
    const id = newId();
    await this.c.write(actor, { action: 'assurance.cycle.created', subjectType: CYCLE, subjectId: id }, (tx) =>
      tx
        .insertInto('assurance_cycles')
        .values({
          id,
          kind: input.kind,
          title: input.title,
          opens_on: input.opensOn,
          due_on: input.dueOn,
          created_by: user.id,
          updated_by: user.id,
        })
        .execute(),
    );
    return id;
  }

  cycle(id: string) {
    if (!isUuid(id)) return Promise.resolve(undefined);
    return this.c.db.selectFrom('assurance_cycles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every cycle for the manager; for an agency, the cycles it is invited to, with whether it has answered. */
  async list(user: Principal) {
    let q = this.c.db
      .selectFrom('assurance_cycles as c')
      .select((eb) => [
        'c.id',
        'c.kind',
        'c.title',
        'c.opens_on',
        'c.due_on',
        'c.status',
        eb
          .selectFrom('assurance_invitations as i')
          .whereRef('i.cycle_id', '=', 'c.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('invited'),
        eb
          .selectFrom('assurance_returns as r')
          .whereRef('r.cycle_id', '=', 'c.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('returned'),
      ])
      .orderBy('c.opens_on', 'desc');
    if (!this.c.manages(user))
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('assurance_invitations as i')
            .select('i.id')
            .whereRef('i.cycle_id', '=', 'c.id')
            .where('i.organisation_id', '=', user.organisationId),
        ),
      );
    return (await q.execute()).map((r) => ({
      ...r,
      invited: Number(r.invited),
      returned: Number(r.returned),
      kindName: CYCLE_KINDS[r.kind],
    }));
  }

  async invite(actor: AuditActor, user: Principal, cycleId: string, organisationId: string) {
    await this.c.toManage(actor, user, CYCLE, cycleId);
    const cycle = await this.cycle(cycleId);
    if (!cycle) return null;
    if (cycle.status === 'closed')
      throw new AuditRefused('organisationId', 'This cycle is closed: nobody more can be invited');
    const org = isUuid(organisationId)
      ? await this.c.db
          .selectFrom('organisations')
          .select(['id', 'name'])
          .where('id', '=', organisationId)
          .where('is_active', '=', true)
          .executeTakeFirst()
      : undefined;
    if (!org) throw new AuditRefused('organisationId', 'Select an organisation to invite');
    try {
      await this.c.write(
        actor,
        { action: 'assurance.invited', subjectType: CYCLE, subjectId: cycleId, details: { organisation: org.id } },
        (tx) =>
          tx
            .insertInto('assurance_invitations')
            .values({ id: newId(), cycle_id: cycleId, organisation_id: org.id, invited_by: user.id })
            .execute(),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AuditRefused('organisationId', `${org.name} is already invited`);
      throw error;
    }
    return org.name;
  }

  invitations(cycleId: string) {
    return this.c.db
      .selectFrom('assurance_invitations as i')
      .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
      .leftJoin('assurance_returns as r', 'r.invitation_id', 'i.id')
      .select([
        'i.id',
        'i.organisation_id',
        'o.name',
        'i.invited_at',
        'r.id as return_id',
        'r.submitted_at',
        'r.version',
      ])
      .where('i.cycle_id', '=', cycleId)
      .orderBy('o.name')
      .execute();
  }

  /** The user's agency's invitation to the cycle, and its return if made; null when the agency is not invited. */
  async ownInvitation(user: Principal, cycleId: string) {
    if (!isUuid(cycleId)) return null;
    const row = await this.c.db
      .selectFrom('assurance_invitations as i')
      .leftJoin('assurance_returns as r', 'r.invitation_id', 'i.id')
      .select(['i.id', 'r.id as return_id', 'r.submitted_at'])
      .where('i.cycle_id', '=', cycleId)
      .where('i.organisation_id', '=', user.organisationId)
      .executeTakeFirst();
    return row ?? null;
  }

  answers(returnId: string) {
    return this.c.db.selectFrom('assurance_return_answers').selectAll().where('return_id', '=', returnId).execute();
  }

  /**
   * The agency's return: a rating, evidence and actions for every standard, made once, only by an agency the cycle
   * invited and only while it is open. A refusal is audited and nothing is saved; a second return (ten identical
   * submits at once) is refused by the one-return-per-invitation key.
   */
  async submit(actor: AuditActor, user: Principal, cycleId: string, answers: Record<string, ReturnAnswer>) {
    if (!can(user, 'assurance:respond').allowed)
      await this.c.refuse(
        actor,
        CYCLE,
        'assurance:respond',
        'Only an agency’s safeguarding lead answers an audit.',
        cycleId,
      );
    const cycle = await this.cycle(cycleId);
    if (!cycle) return null;
    const invitation = await this.ownInvitation(user, cycleId);
    if (!invitation)
      await this.c.refuse(
        actor,
        CYCLE,
        'assurance:respond',
        'Your organisation is not invited to this audit: nothing was saved.',
        cycleId,
      );
    if (cycle.status === 'closed' || cycle.opens_on > todayInLondon())
      throw new AuditRefused(
        'standards',
        cycle.status === 'closed'
          ? 'This audit has closed: returns can no longer be made'
          : 'This audit has not opened yet',
      );
    if (invitation!.return_id)
      throw new AuditRefused(
        'standards',
        'Your organisation has already made its return to this audit: correct it from its page',
      );
    const standards = (await this.c.deps.standards()).standards[cycle.kind];
    for (const s of standards)
      if (!answers[s.code] || !(answers[s.code]!.rating in RATINGS))
        throw new AuditRefused(`rating-${s.code}`, `Select how far “${s.name}” is met`);
    const id = newId();
    try {
      await this.c.write(
        actor,
        { action: 'assurance.returned', subjectType: CYCLE, subjectId: cycleId, details: { return: id } },
        async (tx) => {
          await tx
            .insertInto('assurance_returns')
            .values({
              id,
              invitation_id: invitation!.id,
              cycle_id: cycleId,
              organisation_id: user.organisationId,
              submitted_by: user.id,
            })
            .execute();
          await tx
            .insertInto('assurance_return_answers')
            .values(standards.map((s) => ({ return_id: id, standard_code: s.code, ...answers[s.code]! })))
            .execute();
        },
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AuditRefused(
          'standards',
          'Your organisation has already made its return to this audit: correct it from its page',
        );
      throw error;
    }
    return id;
  }

  async close(actor: AuditActor, user: Principal, cycleId: string, version: number) {
    await this.c.toManage(actor, user, CYCLE, cycleId);
    const done = await this.c.write(
      actor,
      { action: 'assurance.cycle.closed', subjectType: CYCLE, subjectId: cycleId },
      (tx) =>
        tx
          .updateTable('assurance_cycles')
          .set({
            status: 'closed',
            closed_at: new Date(),
            updated_at: new Date(),
            updated_by: user.id,
            version: version + 1,
          })
          .where('id', '=', cycleId)
          .where('version', '=', version)
          .where('status', '=', 'open')
          .executeTakeFirst(),
    );
    if (Number(done.numUpdatedRows) !== 1)
      throw new AuditRefused('close', 'This cycle has changed or is already closed: reload the page');
  }

  /** For each standard, how many returns rated it met, partly met or not met, and the agencies not meeting it. */
  async summary(cycleId: string, kind: AssuranceCycleKind) {
    const standards = (await this.c.deps.standards()).standards[kind];
    const rows = await this.c.db
      .selectFrom('assurance_return_answers as a')
      .innerJoin('assurance_returns as r', 'r.id', 'a.return_id')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .select(['a.standard_code', 'a.rating', 'o.name'])
      .where('r.cycle_id', '=', cycleId)
      .orderBy('o.name')
      .execute();
    return standards.map((s) => {
      const mine = rows.filter((r) => r.standard_code === s.code);
      const count = (rating: AssuranceRating) => mine.filter((r) => r.rating === rating).length;
      return {
        ...s,
        met: count('met'),
        partlyMet: count('partly-met'),
        notMet: count('not-met'),
        notMeeting: mine.filter((r) => r.rating !== 'met').map((r) => `${r.name} (${RATINGS[r.rating].toLowerCase()})`),
      };
    });
  }

  /**
   * The daily reminders: for each open cycle, each invited agency without a return is emailed (its active users who
   * answer for it) on the configured days before the due date, and every few days once overdue. One reminder a
   * day at most per invitation, kept in assurance_reminders, so a re-run or a second instance sends nothing more.
   */
  async sendReminders(today = todayInLondon()): Promise<number> {
    const settings = await this.c.deps.standards();
    const due = await this.c.db
      .selectFrom('assurance_invitations as i')
      .innerJoin('assurance_cycles as c', 'c.id', 'i.cycle_id')
      .leftJoin('assurance_returns as r', 'r.invitation_id', 'i.id')
      .select(['i.id', 'i.organisation_id', 'c.id as cycle_id', 'c.title', 'c.due_on', 'c.opens_on'])
      .where('c.status', '=', 'open')
      .where('r.id', 'is', null)
      .execute();
    let sent = 0;
    for (const inv of due) {
      if (inv.opens_on > today) continue;
      const daysLeft = differenceInCalendarDays(parseISO(inv.due_on), parseISO(today));
      const remind =
        daysLeft >= 0
          ? settings.reminderDaysBeforeDue.includes(daysLeft)
          : -daysLeft % settings.reminderEveryDaysWhenOverdue === 1 % settings.reminderEveryDaysWhenOverdue;
      if (!remind) continue;
      sent += await this.remind(inv, today, daysLeft);
    }
    return sent;
  }

  private async remind(
    inv: { id: string; organisation_id: string; cycle_id: string; title: string; due_on: string },
    today: string,
    daysLeft: number,
  ): Promise<number> {
    const people = await this.c.db
      .selectFrom('users as u')
      .select(['u.email', 'u.display_name'])
      .where('u.organisation_id', '=', inv.organisation_id)
      .where('u.is_active', '=', true)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('user_roles as ur')
            .select('ur.user_id')
            .whereRef('ur.user_id', '=', 'u.id')
            .where('ur.role', 'in', RESPONDERS),
        ),
      )
      .orderBy('u.email')
      .execute();
    return this.c.db.transaction().execute(async (tx: Kysely<DB>) => {
      const made = await tx
        .insertInto('assurance_reminders')
        .values({ invitation_id: inv.id, sent_on: today, recipients: people.length })
        .onConflict((oc) => oc.columns(['invitation_id', 'sent_on']).doNothing())
        .returning('invitation_id')
        .execute();
      if (!made.length) return 0;
      const when = daysLeft >= 0 ? `is due by ${long(inv.due_on)}` : `was due on ${long(inv.due_on)} and is overdue`;
      for (const p of people)
        await this.c.deps.notify.sendEmail(
          {
            template: 'assurance-return-reminder',
            to: p.email,
            subject: `Reminder: your return to “${inv.title}” ${daysLeft >= 0 ? 'is due soon' : 'is overdue'}`,
            body:
              `Dear ${p.display_name},\n\nYour organisation’s return to “${inv.title}” ${when}. ` +
              `Make it here: ${this.c.link(`/audits/cycles/${inv.cycle_id}/return`)}`,
          },
          tx,
        );
      return 1;
    });
  }
}
