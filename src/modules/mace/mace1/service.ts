import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import type { RecordLocator } from '../../../platform/http/route-access.ts';
import { uuidParam } from '../../../platform/http/params.ts';
import { MACE1_NOMINATION, nominationInvolvements, nominationLocator } from './records.ts';
import { AccessDenied } from '../../../platform/permissions/denied.ts';
import { can, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';
import { RestrictedRecordDenied, type ExploitationService } from '../../exploitation/index.ts';
import type { PeopleService } from '../../people/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import type { MacePanelService } from '../panels/service.ts';
import { maySeeConcern } from './concern-link.ts';
import { mace1Figures } from './figures.ts';
import { Mace1Repository } from './repository.ts';
import type { NominationInput } from './schemas.ts';

/** MACE 1 cases as the audit trail and the policy name them. */
export const MACE1_CASE = 'mace-case';
export { MACE1_NOMINATION };

export interface Mace1Deps {
  panels: MacePanelService;
  people: PeopleService;
  reference: ReferenceService;
  exploitation: ExploitationService;
}

type CaseRow = NonNullable<Awaited<ReturnType<Mace1Repository['caseRow']>>>;

/**
 * MACE 1 (issue 13; seed 002 "MACE (Missing and Child Exploitation)"): "identifying and reviewing individual cases
 * of children assessed to be at high risk of being exploited, or vulnerable perpetrators of exploitation to their
 * peers". Any practitioner who may report exploitation nominates a child; a MACE coordinator accepts (opening a
 * case), declines with a reason, or opens a case directly. A case is a restricted record: the panel of its
 * quadrant sees all of it ('mace-member'); the nominator ('raised-concern') sees only that their nomination became
 * a case and how it stands, never the agencies' information or the protection plan, which are shared within the
 * panel to protect the child and build evidence against offenders. Everyone else is told only that a restricted
 * record exists and whom to ask. Every view is audited, a refusal too.
 */
export class Mace1Service {
  private readonly repository: Mace1Repository;
  readonly cases: { byId: RecordLocator };
  /**
   * A nomination named by the route's `:id`, declared with 'restricted:view-panel': the coordinators, who decide it,
   * and the practitioner who nominated the child.
   */
  readonly nominationRecords: { byId: RecordLocator };
  /** The exploitation concern a nomination starts from (the exploitation module's locator). */
  readonly concernLocator: RecordLocator;

  constructor(
    readonly db: Kysely<DB>,
    readonly audit: AuditLog,
    readonly deps: Mace1Deps,
  ) {
    this.repository = new Mace1Repository(db);
    this.concernLocator = deps.exploitation.concerns.byId;
    this.cases = {
      byId: {
        type: MACE1_CASE,
        find: async (request, user) => {
          const row = await this.repository.caseRow(uuidParam(request, 'id'));
          return row
            ? {
                id: row.id,
                involvements: await this.involvementsIn(row, user),
                askAbout: (await this.settings()).askAbout,
              }
            : null;
        },
      },
    };
    this.nominationRecords = {
      byId: nominationLocator(
        (id) => this.repository.nomination(id),
        async () => (await this.settings()).askAbout,
      ),
    };
  }

  async settings() {
    const [mace, exploitation] = await Promise.all([
      this.deps.reference.maceSettings(),
      this.deps.reference.exploitationSettings(),
    ]);
    return { exitReasons: mace.exitReasons, askAbout: exploitation.askAbout };
  }

  /** How a user takes part in a case: the panel of its quadrant, or the practitioner who nominated the child. */
  async involvementsIn(row: Pick<CaseRow, 'quadrant_id' | 'nominated_by'>, user: Principal): Promise<Involvement[]> {
    const found: Involvement[] = [];
    if (await this.deps.panels.sitsOn(user, row.quadrant_id)) found.push('mace-member');
    if (row.nominated_by === user.id) found.push('raised-concern');
    return found;
  }

  async nominate(actor: AuditActor, user: Principal, input: NominationInput): Promise<string> {
    if (!can(user, 'exploitation:report').allowed) {
      await this.denied(actor, MACE1_NOMINATION, null, 'exploitation:report');
      throw new AccessDenied('You cannot nominate a child to MACE 1.');
    }
    const district = await this.repository.district(input.district);
    if (!district) throw new AccessDenied('That district is not one of the partnership’s.');
    const concernId = input.concernId && isUuid(input.concernId) ? input.concernId : null;
    // Only a concern the user may see is linked; anyone else is refused, audited.
    if (concernId && !(await maySeeConcern(this.deps.exploitation, user, concernId))) {
      await this.denied(actor, 'exploitation-concern', concernId, 'restricted:view');
      throw new RestrictedRecordDenied((await this.settings()).askAbout);
    }
    const id = newId();
    await this.repository.insertNomination({
      id,
      kind: input.kind,
      child_first_name: input.childFirstName,
      child_last_name: input.childLastName,
      child_date_of_birth: input['childDateOfBirth-day'],
      district_id: district.id,
      quadrant_id: district.quadrant_id,
      why: input.why,
      agencies: input.agencies,
      concern_id: concernId,
      nominated_by: user.id,
      created_by: actor.userId,
      updated_by: actor.userId,
    });
    await this.audit.record(actor, {
      action: 'mace1-nomination.made',
      outcome: 'success',
      subjectType: MACE1_NOMINATION,
      subjectId: id,
      details: { kind: input.kind, quadrantId: district.quadrant_id, fromConcern: concernId },
    });
    return id;
  }

  /** Nominations: awaiting a decision for a coordinator, and the user's own. Audited. */
  async nominations(actor: AuditActor, user: Principal) {
    const coordinator = can(user, 'mace:coordinate').allowed;
    const [awaiting, yours] = await Promise.all([
      coordinator ? this.repository.nominations({ status: 'nominated' }) : Promise.resolve([]),
      this.repository.nominations({ nominatedBy: user.id }),
    ]);
    await this.audit.record(actor, {
      action: 'mace1-nomination.listed',
      outcome: 'allowed',
      subjectType: MACE1_NOMINATION,
      details: { awaiting: awaiting.length, yours: yours.length },
    });
    return { awaiting, yours, coordinator };
  }

  /** One nomination: its nominator and coordinators see it; anyone else is told a restricted record exists. */
  async nomination(actor: AuditActor, user: Principal, id: string) {
    const row = isUuid(id) ? await this.repository.nomination(id) : undefined;
    if (!row) return null;
    const coordinator = can(user, 'mace:coordinate').allowed;
    const involvements = nominationInvolvements(row, user);
    if (!can(user, 'restricted:view-panel', { type: 'record', id, involvements }).allowed) {
      await this.denied(actor, MACE1_NOMINATION, id, 'restricted:view');
      throw new RestrictedRecordDenied((await this.settings()).askAbout);
    }
    await this.audit.record(actor, {
      action: 'mace1-nomination.viewed',
      outcome: 'allowed',
      subjectType: MACE1_NOMINATION,
      subjectId: id,
    });
    return { ...row, coordinator, yours: row.nominated_by === user.id };
  }

  /** Accepts a nomination, opening its case (once: a second accept returns the same case). Coordinators only. */
  async accept(actor: AuditActor, user: Principal, id: string): Promise<string> {
    await this.mustCoordinate(actor, user, MACE1_NOMINATION, id);
    const row = isUuid(id) ? await this.repository.nomination(id) : undefined;
    if (!row) throw new AccessDenied('There is no such nomination.');
    if (row.case_id) return row.case_id;
    if (row.status === 'declined') throw new AccessDenied('This nomination was declined.');
    const caseId = newId();
    const personId = await this.matchChild(row);
    const opened = await this.db.transaction().execute(async (tx) => {
      if (!(await this.repository.decide(tx, id, user.id, 'accepted', null))) return false;
      await this.repository.insertCase(tx, {
        id: caseId,
        nomination_id: id,
        kind: row.kind,
        child_first_name: row.child_first_name,
        child_last_name: row.child_last_name,
        child_date_of_birth: row.child_date_of_birth,
        person_id: personId,
        district_id: row.district_id,
        quadrant_id: row.quadrant_id,
        why: row.why,
        agencies: row.agencies,
        opened_on: todayInLondon(),
        opened_by: user.id,
        nominated_by: row.nominated_by,
        created_by: actor.userId,
        updated_by: actor.userId,
      });
      await this.audit.record(
        actor,
        { action: 'mace1-nomination.accepted', outcome: 'success', subjectType: MACE1_NOMINATION, subjectId: id },
        tx,
      );
      await this.audit.record(
        actor,
        {
          action: 'mace1-case.opened',
          outcome: 'success',
          subjectType: MACE1_CASE,
          subjectId: caseId,
          details: { nominationId: id, matched: Boolean(personId) },
        },
        tx,
      );
      return true;
    });
    if (opened) return caseId;
    const now = await this.repository.nomination(id);
    if (now?.case_id) return now.case_id;
    throw new AccessDenied('This nomination was declined.');
  }

  /** Declines a nomination with the reason the nominator will see. Coordinators only; once. */
  async decline(actor: AuditActor, user: Principal, id: string, reason: string): Promise<void> {
    await this.mustCoordinate(actor, user, MACE1_NOMINATION, id);
    const declined = await this.db.transaction().execute(async (tx) => {
      if (!(await this.repository.decide(tx, id, user.id, 'declined', reason))) return false;
      await this.audit.record(
        actor,
        { action: 'mace1-nomination.declined', outcome: 'success', subjectType: MACE1_NOMINATION, subjectId: id },
        tx,
      );
      return true;
    });
    if (!declined) throw new AccessDenied('This nomination has already been decided.');
  }

  /** A coordinator opens a case directly (no nomination). Anyone else is refused, and the refusal audited. */
  async openCase(actor: AuditActor, user: Principal, input: NominationInput): Promise<string> {
    await this.mustCoordinate(actor, user, MACE1_CASE, null);
    const district = await this.repository.district(input.district);
    if (!district) throw new AccessDenied('That district is not one of the partnership’s.');
    const id = newId();
    const personId = await this.matchChild({
      child_first_name: input.childFirstName,
      child_last_name: input.childLastName,
      child_date_of_birth: input['childDateOfBirth-day'],
    });
    await this.db.transaction().execute(async (tx) => {
      await this.repository.insertCase(tx, {
        id,
        nomination_id: null,
        kind: input.kind,
        child_first_name: input.childFirstName,
        child_last_name: input.childLastName,
        child_date_of_birth: input['childDateOfBirth-day'],
        person_id: personId,
        district_id: district.id,
        quadrant_id: district.quadrant_id,
        why: input.why,
        agencies: input.agencies,
        opened_on: todayInLondon(),
        opened_by: user.id,
        nominated_by: null,
        created_by: actor.userId,
        updated_by: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          action: 'mace1-case.opened',
          outcome: 'success',
          subjectType: MACE1_CASE,
          subjectId: id,
          details: { direct: true, matched: Boolean(personId) },
        },
        tx,
      );
    });
    return id;
  }

  /**
   * A case as the user may see it: 'full' for the panel of its quadrant, 'outline' for the nominator (that it
   * exists and how it stands). Anyone else: RestrictedRecordDenied. Audited either way.
   */
  async access(actor: AuditActor, user: Principal, id: string, breakGlass = false) {
    const row = isUuid(id) ? await this.repository.caseRow(id) : undefined;
    if (!row) return null;
    const involvements = await this.involvementsIn(row, user);
    if (!can(user, 'restricted:view', { type: 'record', id, involvements, breakGlass }).allowed) {
      await this.denied(actor, MACE1_CASE, id, 'restricted:view');
      throw new RestrictedRecordDenied((await this.settings()).askAbout);
    }
    const full = involvements.includes('mace-member');
    return { row, full, involvements };
  }

  /** The case as this user may see it; `breakGlass` when the route's access counted an emergency grant. */
  async view(actor: AuditActor, user: Principal, id: string, breakGlass = false) {
    const found = await this.access(actor, user, id, breakGlass);
    if (!found) return null;
    const { row, full } = found;
    const nominator = found.involvements.includes('raised-concern');
    await this.audit.record(actor, {
      action: 'mace1-case.viewed',
      outcome: 'allowed',
      subjectType: MACE1_CASE,
      subjectId: id,
      details: { view: full ? 'full' : 'outline' },
    });
    if (!full) return { row, full, nominator, actions: [], information: [], discussions: [] };
    const [actions, [information, discussions]] = await Promise.all([
      this.repository.planActions(id),
      this.repository.history(id),
    ]);
    return { row, full, nominator, actions, information, discussions };
  }

  /** Cases the user's panels hold (every quadrant for a coordinator). Audited. */
  async list(actor: AuditActor, user: Principal) {
    const quadrants = await this.deps.panels.quadrantIdsOf(user);
    const rows = await this.repository.cases(quadrants);
    await this.audit.record(actor, {
      action: 'mace1-case.listed',
      outcome: 'allowed',
      subjectType: MACE1_CASE,
      details: { count: rows.length },
    });
    return rows;
  }

  /** MACE 1's figures for a period of days (dashboards): children open, new, exited; plan actions. */
  figures(from: string, to: string) {
    return mace1Figures(this.db, from, to);
  }

  /** An active user found by email (choosing who sits on a panel). */
  userByEmail(email: string) {
    return this.repository.userByEmail(email);
  }

  /** A case's current version (after someone else's change, for the form drawn again). */
  async caseVersion(id: string) {
    return isUuid(id) ? (await this.repository.caseRow(id))?.version : undefined;
  }

  planActions(caseId: string) {
    return this.repository.planActions(caseId);
  }

  planAction(caseId: string, actionId: string) {
    return isUuid(actionId) ? this.repository.planAction(caseId, actionId) : Promise.resolve(undefined);
  }

  /** The panel of the case's quadrant (a coordinator sits on every one); anyone else is refused, audited. */
  async mustSitOn(actor: AuditActor, user: Principal, caseId: string): Promise<CaseRow> {
    const found = await this.access(actor, user, caseId);
    if (!found) throw new AccessDenied('There is no such MACE 1 case.');
    if (!found.full || !can(user, 'mace:take-part').allowed) {
      await this.denied(actor, MACE1_CASE, caseId, 'mace:take-part');
      throw new AccessDenied('Only the MACE panel of the child’s quadrant changes this case.');
    }
    return found.row;
  }

  async mustCoordinate(actor: AuditActor, user: Principal, type: string, id: string | null) {
    if (can(user, 'mace:coordinate').allowed) return;
    await this.denied(actor, type, id, 'mace:coordinate');
    throw new AccessDenied('Only a MACE coordinator does this.');
  }

  denied(actor: AuditActor, type: string, id: string | null, action: string) {
    return this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType: type,
      ...(id ? { subjectId: id } : {}),
      details: { action },
    });
  }

  /** The one person the child probably is (the people module's matching), or null when none or several. */
  private async matchChild(child: Pick<CaseRow, 'child_first_name' | 'child_last_name' | 'child_date_of_birth'>) {
    const id = await this.deps.people.onlyLikelyMatch({
      firstName: child.child_first_name,
      lastName: child.child_last_name,
      dateOfBirth: child.child_date_of_birth,
      postcode: null,
    });
    return id ?? null;
  }
}
