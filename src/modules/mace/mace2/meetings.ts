import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import type { Principal } from '../../../platform/permissions/policy.ts';
import type { ExploitationService } from '../../exploitation/index.ts';
import { missingCounts } from '../../missing/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import type { Quadrant } from './access.ts';
import { localPicture } from './picture.ts';
import { Mace2Repository } from './repository.ts';
import type { ActionInput, ActionUpdateInput, MeetingInput } from './schemas.ts';
import type { Mace2Service } from './service.ts';

/**
 * MACE 2's meetings and disruption actions (seed 002: "local solutions and actions are taken … to detect, disrupt
 * and prevent exploitation"). A coordinator schedules a quadrant's meeting with the agencies and Community Safety
 * Partnerships present, and records actions; the panel's members update them. Each meeting shows the local
 * picture, the open places and persons of concern, and every action of its quadrant still open.
 */
export class Mace2Meetings {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly mace2: Mace2Service,
    private readonly deps: { exploitation: ExploitationService; reference: ReferenceService },
  ) {
    this.r = new Mace2Repository(db);
  }

  private readonly r: Mace2Repository;
  private get access() {
    return this.mace2.access;
  }

  async schedule(actor: AuditActor, user: Principal, quadrant: Quadrant, input: MeetingInput): Promise<string> {
    await this.access.toCoordinate(actor, user, quadrant, { type: 'mace2-meeting', doing: 'schedule a meeting' });
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await this.r.insertMeeting(tx, {
        id,
        quadrant_id: quadrant.id,
        held_on: input['heldOn-day'],
        organisation_ids: input.organisations,
        csp_districts: input.csps,
        notes: input.notes,
        created_by: actor.userId,
        updated_by: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          action: 'mace2-meeting.scheduled',
          outcome: 'success',
          subjectType: 'mace2-meeting',
          subjectId: id,
          details: { quadrant: quadrant.code, heldOn: input['heldOn-day'] },
        },
        tx,
      );
    });
    return id;
  }

  /** The meeting with what it reviews: the local picture, open places and persons, every open action. */
  async meeting(actor: AuditActor, user: Principal, id: string) {
    const meeting = isUuid(id) ? await this.r.meeting(id) : undefined;
    if (!meeting) return null;
    const quadrant = (await this.access.quadrantById(meeting.quadrant_id))!;
    const access = await this.access.toView(actor, user, quadrant, { type: 'mace2-meeting', id });
    const today = todayInLondon();
    const asOf = meeting.held_on < today ? meeting.held_on : today;
    const [organisations, places, persons, actions, picture] = await Promise.all([
      this.deps.reference.organisations(),
      this.r.places(quadrant.id),
      this.r.persons(quadrant.id),
      this.r.actions(quadrant.id, { openOnly: true }),
      this.picture(quadrant, asOf),
    ]);
    await this.access.viewed(actor, { type: 'mace2-meeting', id }, quadrant, {
      persons: persons.filter((p) => p.status === 'open').map((p) => p.id),
    });
    return {
      ...access,
      meeting,
      agencies: organisations.filter((o) => meeting.organisation_ids.includes(o.id)).map((o) => o.name),
      csps: quadrant.districts.filter((d) => meeting.csp_districts.includes(d.code)).map((d) => d.name),
      places: places.filter((p) => p.status === 'open'),
      persons: persons.filter((p) => p.status === 'open'),
      actions,
      picture,
      today,
    };
  }

  /** The local picture of a quadrant: the last 3 and 12 months up to `asOf`, small numbers suppressed. */
  async picture(quadrant: Quadrant, asOf: string) {
    const threshold = (await this.deps.reference.maceSettings()).smallNumbers.threshold;
    return localPicture(quadrant, asOf, threshold, {
      missing: (period) => missingCounts(this.db, period),
      exploitation: (period) => this.deps.exploitation.counts(period),
    });
  }

  async addAction(actor: AuditActor, user: Principal, quadrant: Quadrant, input: ActionInput): Promise<string> {
    await this.access.toCoordinate(actor, user, quadrant, { type: 'mace2-action', doing: 'record an action' });
    const [kind, linkId] = input.link ? (input.link.split(':') as ['place' | 'person', string]) : [null, null];
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await this.r.insertAction(tx, {
        id,
        quadrant_id: quadrant.id,
        category: input.category,
        what: input.what,
        organisation_id: input.organisation,
        owner_name: input.ownerName,
        due_on: input['dueOn-day'],
        place_id: kind === 'place' ? linkId : null,
        person_id: kind === 'person' ? linkId : null,
        in_action_plan: input.inActionPlan,
        created_by: actor.userId,
        updated_by: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          action: 'mace2-action.recorded',
          outcome: 'success',
          subjectType: 'mace2-action',
          subjectId: id,
          details: { quadrant: quadrant.code, category: input.category },
        },
        tx,
      );
    });
    return id;
  }

  async action(actor: AuditActor, user: Principal, id: string) {
    const action = isUuid(id) ? await this.r.action(id) : undefined;
    if (!action) return null;
    const quadrant = (await this.access.quadrantById(action.quadrant_id))!;
    const access = await this.access.toView(actor, user, quadrant, { type: 'mace2-action', id });
    const updates = await this.r.updates(id);
    await this.access.viewed(actor, { type: 'mace2-action', id }, quadrant);
    return { ...access, action, updates, today: todayInLondon() };
  }

  /**
   * A dated update with the action's new status, by a panel member or coordinator. Optimistic locking: if someone
   * else updated the action after the user opened it, nothing is saved and StaleVersionError is thrown.
   */
  async update(actor: AuditActor, user: Principal, id: string, input: ActionUpdateInput) {
    const found = await this.action(actor, user, id);
    if (!found) return null;
    await this.access.toEdit(actor, user, found.quadrant, { type: 'mace2-action', id });
    await this.db.transaction().execute(async (tx) => {
      const saved = await this.r.updateAction(
        tx,
        { id, version: input.version, by: user.id },
        { id: newId(), status: input.status, note: input.note },
      );
      if (!saved) throw new StaleVersionError('This action');
      await this.audit.record(
        actor,
        {
          action: 'mace2-action.updated',
          outcome: 'success',
          subjectType: 'mace2-action',
          subjectId: id,
          details: { status: input.status },
        },
        tx,
      );
    });
    return true;
  }

  /**
   * Figures for the dashboards (issue 13): MACE 2 actions open, done (in the period) and overdue, by quadrant and
   * category; places and persons of concern open, by quadrant (a count only).
   */
  async figures(from: Date, to: Date) {
    const [actions, open] = await Promise.all([this.r.actionFigures(from, to, todayInLondon()), this.r.openCounts()]);
    const n = (v: string | number) => Number(v);
    return {
      actions: actions.map((a) => ({
        quadrant: a.quadrant,
        category: a.category,
        open: n(a.open),
        done: n(a.done),
        overdue: n(a.overdue),
      })),
      placesOpen: Object.fromEntries(open.places.map((p) => [p.quadrant, n(p.n)])),
      personsOpen: Object.fromEntries(open.persons.map((p) => [p.quadrant, n(p.n)])),
    };
  }
}
