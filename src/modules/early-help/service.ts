import type { RecordLocator } from '../../platform/http/route-access.ts';
import { FAMILY_RECORD_TYPE, familyLocator } from './records.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { BreakGlassService } from '../../platform/break-glass/service.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type {
  DB,
  EpisodeClosureReason,
  EpisodeRole,
  FamilyRelationship,
  NeedOutcome,
} from '../../platform/db/schema/index.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import { can, type Involvement, type Principal } from '../../platform/permissions/policy.ts';
import type { PersonEntry } from '../front-door/index.ts';
import type { HubService } from '../front-door/index.ts';
import { RequestNotReadyError, type FrontDoorService } from '../front-door/index.ts';
import { MATCH_THRESHOLD, type PersonDetails } from '../people/index.ts';
import { PersonInputError, type PeopleService } from '../people/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import { parsePostcode } from '../../platform/postcodes.ts';
import { EarlyHelpRepository } from './repository.ts';
import {
  closureProblems,
  familyNameFor,
  levelChangeRoute,
  relationshipFromRequest,
  requestRoleOf,
  type ClosureBlocker,
} from './rules.ts';

/** A problem with what the user asked for, named by the form field to correct. */
export class EarlyHelpError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The policy refused: the user is not involved with this family in a way that allows it. Audited. */
export class EarlyHelpDenied extends Error {}

/** Several things stop the episode closing: each shown on its field. */
export class ClosureRefused extends Error {
  constructor(readonly problems: ClosureBlocker[]) {
    super(problems.map((p) => p.text).join('; '));
  }
}

/** The signed-in user as the policy sees them, with the name a Request for Support is sent under. */
export type Viewer = Principal & { displayName: string };

/** Someone found through PeopleService (an existing record), or details for a new record when nobody matches. */
export type PersonChoice = { personId: string } | { details: PersonDetails };

export interface PartnerStartInput {
  familyName: string;
  districtCode: string;
  person: PersonChoice;
  relationship: FamilyRelationship;
  address?: { address: string; postcode: string | null } | undefined;
}

export interface CloseInput {
  reason: EpisodeClosureReason;
  /** Need id → outcome, for every need of the episode. */
  outcomes: Record<string, string | undefined>;
}

/** Checks that must pass before an episode closes; the plan slice adds "no open actions" here. */
export type ClosureCheck = (tx: Kysely<DB>, episodeId: string) => Promise<ClosureBlocker[]>;
export type WorkCheck = (tx: Kysely<DB>, episodeId: string) => Promise<string | null>;

export { FAMILY_RECORD_TYPE } from './records.ts';
// Dates of joining, leaving and moving are the family's day in England, not UTC's.
const today = () => todayInLondon();
const formatDay = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** A member's school or setting and GP surgery, as the form or the Request for Support gives them (optional, 200 characters). */
export interface MemberDetails {
  schoolOrSetting?: string | null | undefined;
  gp?: string | null | undefined;
}
/** MemberDetails as family_members stores them: blank is null, longer than the column allows is cut (request text is not re-validated). */
const memberDetails = (d: MemberDetails) => ({
  school_or_setting: d.schoolOrSetting?.trim().slice(0, 200) || null,
  gp: d.gp?.trim().slice(0, 200) || null,
});
const personName = (p: { first_name: string; last_name: string }) => `${p.first_name} ${p.last_name}`;
const ROLE_INVOLVEMENT: Record<EpisodeRole, Involvement> = {
  'lead-professional': 'lead-professional',
  'taf-member': 'taf-member',
  'allocated-worker': 'allocated-worker',
  'team-manager': 'team-manager',
};

/** The viewer's roles on a family's episodes, plus team manager for a Family Solutions manager of a team an episode is allocated to. */
function involvementsFrom(roles: readonly EpisodeRole[], teamIds: readonly string[], viewer: Principal): Involvement[] {
  const involvements = new Set(roles.map((r) => ROLE_INVOLVEMENT[r]));
  const managesTeam = can(viewer, 'family-solutions:manage').allowed && teamIds.some((t) => viewer.teamIds.includes(t));
  if (managesTeam) involvements.add('team-manager');
  return [...involvements];
}

/**
 * Families and their early help episodes (issue 7, first slice). An episode opens when a receiving
 * team takes on a Hub decision's work item (TAF or Family Solutions), or when a partner starts early
 * help themselves at level 2; it keeps its level history, who is involved, and the needs found by
 * Supporting Families outcome area, and closes with a reason and an outcome for each need. Every read
 * and change is decided by the policy from the user's involvement (episode_involvements), and the
 * family is a break-glass record type, so an uninvolved caseworker's emergency view is audited.
 */
export class EarlyHelpService {
  readonly repository: EarlyHelpRepository;
  /** How routes find the family they are about (their declared access): by the family's id, or an episode's. */
  readonly families: { byId: RecordLocator; byEpisode: RecordLocator };
  private readonly closureChecks: ClosureCheck[] = [];
  private readonly workChecks: WorkCheck[] = [];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: {
      hub: HubService;
      frontDoor: FrontDoorService;
      people: PeopleService;
      reference: ReferenceService;
      breakGlass: BreakGlassService;
    },
  ) {
    this.repository = new EarlyHelpRepository(db);
    const involvementsIn = this.involvementsIn.bind(this);
    this.families = {
      byId: familyLocator(involvementsIn, async (id) => (await this.repository.family(id))?.id),
      byEpisode: familyLocator(involvementsIn, async (id) => (await this.repository.episode(id))?.family_id),
    };
    deps.breakGlass.registerRecordType(FAMILY_RECORD_TYPE, async (id, viewer) => {
      const family = await this.repository.family(id);
      return family
        ? { label: family.name, href: `/families/${id}`, involvements: await this.involvementsIn(id, viewer) }
        : null;
    });
  }

  /** Later slices (the plan's open actions) add what must be finished before an episode closes. */
  addClosureCheck(check: ClosureCheck) {
    this.closureChecks.push(check);
  }

  /**
   * Rules about starting work with a family, from other parts of early help (Family Solutions: the
   * family agreement first). A check returns why work cannot start yet, or null.
   */
  addWorkCheck(check: WorkCheck) {
    this.workChecks.push(check);
  }

  /** Runs the work checks inside the caller's transaction; the first refusal is named by `field`. */
  async checkWorkAllowed(tx: Kysely<DB>, episodeId: string, field: string): Promise<void> {
    for (const check of this.workChecks) {
      const problem = await check(tx, episodeId);
      if (problem) throw new EarlyHelpError(field, problem);
    }
  }

  // ---- Who may see and change a family ----

  /**
   * How the viewer is involved with the family now: their roles on its episodes, and team manager
   * for a manager in the team an episode is allocated to. The policy turns these into decisions.
   */
  async involvementsIn(familyId: string, viewer: Principal): Promise<Involvement[]> {
    if (!isUuid(familyId)) return [];
    const { roles, teamIds } = await this.repository.involvementOf(familyId, viewer.id);
    return involvementsFrom(roles, teamIds, viewer);
  }

  /**
   * involvementsIn() for many families at once, in two statements whatever their number (the home
   * and team pages): the same rule, so lists and the family page never disagree about who sees what.
   */
  async involvementsInFamilies(familyIds: readonly string[], viewer: Principal): Promise<Map<string, Involvement[]>> {
    const ids = [...new Set(familyIds.filter(isUuid))];
    if (!ids.length) return new Map();
    const [roles, teams] = await Promise.all([
      this.db
        .selectFrom('episode_involvements as i')
        .innerJoin('episodes as e', 'e.id', 'i.episode_id')
        .select(['e.family_id', 'i.role'])
        .distinct()
        .where('e.family_id', 'in', ids)
        .where('i.user_id', '=', viewer.id)
        .where('i.to_at', 'is', null)
        .execute(),
      this.db
        .selectFrom('episodes')
        .select(['family_id', 'allocated_team_id'])
        .distinct()
        .where('family_id', 'in', ids)
        .where('allocated_team_id', 'is not', null)
        .execute(),
    ]);
    const found = new Map(ids.map((id) => [id, { roles: [] as EpisodeRole[], teamIds: [] as string[] }]));
    for (const r of roles) found.get(r.family_id)?.roles.push(r.role);
    for (const t of teams) found.get(t.family_id)?.teamIds.push(t.allocated_team_id!);
    return new Map([...found].map(([id, f]) => [id, involvementsFrom(f.roles, f.teamIds, viewer)]));
  }

  private async requireEdit(actor: AuditActor, viewer: Principal, familyId: string) {
    const decision = can(viewer, 'record:edit', {
      type: 'record',
      id: familyId,
      involvements: await this.involvementsIn(familyId, viewer),
    });
    if (decision.allowed) return;
    await this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType: FAMILY_RECORD_TYPE,
      subjectId: familyId,
      details: { action: 'record:edit', reason: decision.reason },
    });
    throw new EarlyHelpDenied('Only the lead professional or allocated worker can change this family’s early help');
  }

  /**
   * The family's record as its page shows it, if the policy lets the viewer see it (an involvement,
   * or a break-glass grant in force). The route's declared record access audits the view first.
   */
  async family(viewer: Principal, familyId: string) {
    if (!isUuid(familyId)) return null;
    const family = await this.repository.family(familyId);
    if (!family) return null;
    const involvements = await this.involvementsIn(familyId, viewer);
    const grant = await this.deps.breakGlass.activeGrant(viewer.id, FAMILY_RECORD_TYPE, familyId);
    const decision = can(viewer, 'record:view', {
      type: 'record',
      id: familyId,
      involvements,
      breakGlass: grant !== null,
    });
    if (!decision.allowed) throw new EarlyHelpDenied('You are not involved with this family');
    const [members, addresses, episodes] = await Promise.all([
      this.repository.members(familyId),
      this.repository.addresses(familyId),
      this.repository.episodesOf(familyId),
    ]);
    const ids = episodes.map((e) => e.id);
    const [levels, needs, involved] = await Promise.all([
      this.repository.levels(ids),
      this.repository.needs(ids),
      this.repository.involvements(ids),
    ]);
    const canEdit = can(viewer, 'record:edit', { type: 'record', id: familyId, involvements }).allowed;
    return {
      family,
      involvements,
      canEdit,
      members: members.map((m) => ({ ...m, name: personName(m), current: m.to_date === null })),
      addresses,
      episodes: episodes.map((e) => ({
        ...e,
        levels: levels.filter((l) => l.episode_id === e.id),
        needs: needs.filter((n) => n.episode_id === e.id),
        involved: involved.filter((i) => i.episode_id === e.id),
      })),
    };
  }

  /** "My families": open episodes the viewer is involved in now. */
  myEpisodes(viewer: Principal) {
    return this.repository.myOpenEpisodes(viewer.id);
  }

  // ---- Work handed on by the Hub ----

  private acceptableKinds(viewer: Principal): ('taf' | 'family-solutions')[] {
    return [
      ...(can(viewer, 'early-help:accept-taf').allowed ? (['taf'] as const) : []),
      ...(can(viewer, 'early-help:accept-family-solutions').allowed ? (['family-solutions'] as const) : []),
    ];
  }

  private async districtsOf(viewer: Principal): Promise<string[]> {
    const teams = await Promise.all(viewer.teamIds.map((id) => this.deps.reference.team(id)));
    return [...new Set(teams.flatMap((t) => t?.districts ?? []))];
  }

  /**
   * Open Hub work the viewer's role takes on (TAF for TAF support officers, Family Solutions for its
   * workers and managers) in the districts their teams cover, oldest first, with the children's names.
   */
  async workList(viewer: Principal) {
    const kinds = this.acceptableKinds(viewer);
    const districts = await this.districtsOf(viewer);
    if (!kinds.length || !districts.length) return { items: [], kinds, districts };
    const [items, districtRows] = await Promise.all([
      Promise.all(kinds.map((k) => this.deps.hub.openWorkItems(k, districts))),
      this.deps.reference.districts(),
    ]);
    const names = new Map(districtRows.map((d) => [d.code, d.name]));
    const rows = items.flat().sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    const withPeople = await Promise.all(
      rows.map(async (item) => {
        const request = await this.deps.frontDoor.request(item.request_id);
        return {
          ...item,
          districtName: names.get(item.district_code) ?? item.district_code,
          displayReference: request?.displayReference ?? item.reference,
          children: (request?.people ?? []).filter((p) => p.role === 'child').map(personName),
        };
      }),
    );
    return { items: withPeople, kinds, districts };
  }

  /**
   * Takes on a Hub work item: accepts it through HubService (a second taker is told), then opens the
   * family (or finds the one its people already belong to) and the episode at the decision's level,
   * with the needs the request named and the accepting user as lead professional and allocated
   * worker. Every person on the request must already be linked to a person record by the Hub.
   */
  async startFromWorkItem(
    actor: AuditActor,
    viewer: Viewer,
    workItemId: string,
    version: number,
    input: { familyName?: string } = {},
  ) {
    if (!isUuid(workItemId)) throw new EarlyHelpError('workItem', 'There is no such piece of work');
    const kinds = this.acceptableKinds(viewer);
    if (!kinds.length) throw new EarlyHelpDenied('Your role does not take on work from the Hub');
    // Only work in the districts the viewer's teams cover, as the work list shows it.
    const districts = await this.districtsOf(viewer);
    const open = districts.length
      ? (await Promise.all(kinds.map((k) => this.deps.hub.openWorkItems(k, districts)))).flat()
      : [];
    const item = open.find((w) => w.id === workItemId);
    if (!item) {
      const taken = await this.repository.episodeForWorkItem(workItemId);
      throw new EarlyHelpError(
        'workItem',
        taken
          ? `This work has already been taken on${taken.lead_name ? ` by ${taken.lead_name}` : ''}`
          : 'This work is no longer open, or is not for your team',
      );
    }
    if (item.version !== version) throw new StaleVersionError('This piece of work');
    const request = await this.deps.frontDoor.request(item.request_id);
    if (!request) throw new EarlyHelpError('workItem', 'There is no such piece of work');
    const unlinked = request.people.filter((p) => !p.person_id);
    if (unlinked.length) {
      throw new EarlyHelpError(
        'workItem',
        `The Hub has not yet matched ${unlinked.map(personName).join(', ')} to a person record. Ask the Hub to link everyone on request ${request.displayReference} (“who is this?”) before taking this work on`,
      );
    }
    const personIds = [...new Set(request.people.map((p) => p.person_id!))];
    const existing = await this.reusableFamily(personIds);
    const teamId = await this.teamFor(viewer, item.district_code);
    const firstChild = request.people.find((p) => p.role === 'child') ?? request.people[0];
    const withAddress = request.people.find((p) => p.address?.trim());
    const level = item.level;

    const familyId = existing ?? newId();
    const episodeId = newId();
    // The Hub's acceptance joins this transaction: the work is taken on if and only if the episode exists.
    await this.db.transaction().execute(async (tx) => {
      await this.deps.hub.acceptWorkItem(actor, workItemId, version, tx);
      if (!existing) {
        await this.repository.insertFamily(tx, {
          id: familyId,
          name: input.familyName?.trim() || familyNameFor(firstChild?.last_name),
          district_code: request.district_code,
          created_by: actor.userId,
          updated_by: actor.userId,
        });
        if (withAddress)
          await this.insertAddress(tx, actor, familyId, {
            address: withAddress.address!.trim(),
            postcode: withAddress.postcode,
          });
      } else {
        await tx
          .updateTable('families')
          .set((eb) => ({ updated_at: new Date(), updated_by: actor.userId, version: eb('version', '+', 1) }))
          .where('id', '=', familyId)
          .execute();
      }
      for (const p of request.people) {
        const details = memberDetails({ schoolOrSetting: p.school, gp: p.gp });
        const member = await this.repository.activeMember(familyId, p.person_id!, tx);
        if (!member)
          await this.insertMember(tx, actor, familyId, p.person_id!, relationshipFromRequest(p.role), details);
        // Someone already in the family keeps what was recorded unless the request says something newer.
        else if (details.school_or_setting || details.gp)
          await tx
            .updateTable('family_members')
            .set({
              ...(details.school_or_setting ? { school_or_setting: details.school_or_setting } : {}),
              ...(details.gp ? { gp: details.gp } : {}),
            })
            .where('id', '=', member.id)
            .execute();
      }
      await this.insertEpisode(tx, actor, viewer, {
        id: episodeId,
        familyId,
        level,
        pathway: item.kind as 'taf' | 'family-solutions',
        openedFrom: 'hub-decision',
        workItemId,
        requestId: item.request_id,
        teamId,
        reason: `Hub decision on request ${request.displayReference}`,
      });
      const worries = (request.worries as { area: string; details: string }[]) ?? [];
      for (const w of worries) {
        if (w.details?.trim())
          await tx
            .insertInto('episode_needs')
            .values({
              id: newId(),
              episode_id: episodeId,
              outcome_area: w.area,
              description: w.details.trim().slice(0, 2000),
              identified_by: actor.userId,
            })
            .execute();
      }
      await this.audit.record(
        actor,
        {
          action: 'early-help.episode.opened',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: familyId,
          details: { episodeId, from: 'hub-decision', workItemId, requestId: item.request_id, level },
        },
        tx,
      );
    });
    return { familyId, episodeId };
  }

  /**
   * A partner practitioner (or TAF support officer, or Family Solutions) starts early help directly at
   * level 2 for someone found through PeopleService, or a new record when nobody is likely to be them.
   */
  async startByPartner(actor: AuditActor, viewer: Viewer, input: PartnerStartInput) {
    if (!can(viewer, 'early-help:start').allowed) throw new EarlyHelpDenied('Your role does not start early help');
    const districts = await this.deps.reference.districts();
    if (!districts.some((d) => d.code === input.districtCode))
      throw new EarlyHelpError('districtCode', 'Select the district the family lives in');
    const familyName = input.familyName.trim();
    if (!familyName || familyName.length > 200)
      throw new EarlyHelpError('familyName', 'Enter the name the family is known by, 200 characters or fewer');
    const personId = await this.choosePerson(actor, input.person);
    const existing = await this.reusableFamily([personId]);
    const teamId = await this.teamFor(viewer, input.districtCode);
    const familyId = existing ?? newId();
    const episodeId = newId();
    await this.db.transaction().execute(async (tx) => {
      if (!existing) {
        await this.repository.insertFamily(tx, {
          id: familyId,
          name: familyName,
          district_code: input.districtCode,
          created_by: actor.userId,
          updated_by: actor.userId,
        });
        await this.insertMember(tx, actor, familyId, personId, input.relationship);
      }
      if (input.address?.address.trim()) await this.insertAddress(tx, actor, familyId, input.address);
      await this.insertEpisode(tx, actor, viewer, {
        id: episodeId,
        familyId,
        level: 2,
        pathway: 'taf',
        openedFrom: 'partner-start',
        workItemId: null,
        requestId: null,
        teamId,
        reason: 'Early help started by a partner at level 2',
      });
      await this.audit.record(
        actor,
        {
          action: 'early-help.episode.opened',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: familyId,
          details: { episodeId, from: 'partner-start', level: 2 },
        },
        tx,
      );
    });
    return { familyId, episodeId };
  }

  // ---- Members ----

  /** Adds someone to the family. Refused when they are already a current member. */
  async addMember(
    actor: AuditActor,
    viewer: Principal,
    familyId: string,
    version: number,
    input: { person: PersonChoice; relationship: FamilyRelationship } & MemberDetails,
  ) {
    const family = await this.familyOrThrow(familyId);
    await this.requireEdit(actor, viewer, familyId);
    if ('personId' in input.person) await this.refuseIfMember(familyId, input.person.personId);
    const personId = await this.choosePerson(actor, input.person);
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'families', { id: familyId, version, by: actor.userId, what: family.name }, {});
      if (await this.repository.activeMember(familyId, personId, tx)) await this.refuseIfMember(familyId, personId, tx);
      await this.insertMember(tx, actor, familyId, personId, input.relationship, memberDetails(input));
      await this.audit.record(
        actor,
        {
          action: 'early-help.member.added',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: familyId,
          details: { personId, relationship: input.relationship },
        },
        tx,
      );
    });
    return personId;
  }

  /**
   * Someone leaves the household: the membership ends on a date (not in the future, not before they
   * joined), with an optional reason, and stays in the history. The audit names ids and the date only.
   */
  async endMembership(
    actor: AuditActor,
    viewer: Principal,
    familyId: string,
    version: number,
    memberId: string,
    toDate = today(),
    reason?: string,
  ) {
    const family = await this.familyOrThrow(familyId);
    await this.requireEdit(actor, viewer, familyId);
    if (!isUuid(memberId)) throw new EarlyHelpError('member', 'Choose a member of this family');
    if (toDate > today()) throw new EarlyHelpError('toDate', 'The date they left must be today or in the past');
    const endReason = reason?.trim() || null;
    if (endReason && endReason.length > 500)
      throw new EarlyHelpError('reason', 'The reason must be 500 characters or fewer');
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'families', { id: familyId, version, by: actor.userId, what: family.name }, {});
      const member = await tx
        .selectFrom('family_members')
        .select(['id', 'from_date', 'to_date'])
        .where('id', '=', memberId)
        .where('family_id', '=', familyId)
        .executeTakeFirst();
      if (!member || member.to_date)
        throw new EarlyHelpError('member', 'This person is no longer a member of the family');
      if (toDate < member.from_date)
        throw new EarlyHelpError('toDate', 'The date they left must be on or after the date they joined');
      await tx
        .updateTable('family_members')
        .set({ to_date: toDate, ended_by: actor.userId, end_reason: endReason })
        .where('id', '=', memberId)
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'early-help.member.ended',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: familyId,
          details: { memberId, toDate },
        },
        tx,
      );
    });
  }

  /**
   * A move: the current address ends on the date moved (today unless given; not in the future, not
   * before the current address began) and the new one starts, so the old one stays in the history.
   */
  async moveAddress(
    actor: AuditActor,
    viewer: Principal,
    familyId: string,
    version: number,
    input: { address: string; postcode: string | null; fromDate?: string },
  ) {
    const family = await this.familyOrThrow(familyId);
    await this.requireEdit(actor, viewer, familyId);
    if (!input.address.trim()) throw new EarlyHelpError('address', 'Enter the address');
    if (input.address.trim().length > 500)
      throw new EarlyHelpError('address', 'The address must be 500 characters or fewer');
    const postcode = input.postcode?.trim() ? parsePostcode(input.postcode) : null;
    if (input.postcode?.trim() && !postcode?.inward)
      throw new EarlyHelpError('postcode', 'Enter a full UK postcode, like CM20 1AB');
    const fromDate = input.fromDate ?? today();
    if (fromDate > today()) throw new EarlyHelpError('fromDate', 'The date they moved must be today or in the past');
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'families', { id: familyId, version, by: actor.userId, what: family.name }, {});
      const current = await tx
        .selectFrom('family_addresses')
        .select('from_date')
        .where('family_id', '=', familyId)
        .where('to_date', 'is', null)
        .executeTakeFirst();
      if (current && fromDate < current.from_date)
        throw new EarlyHelpError(
          'fromDate',
          `The date they moved must be on or after ${formatDay(current.from_date)}, when their current address was recorded`,
        );
      await this.insertAddress(
        tx,
        actor,
        familyId,
        { address: input.address, postcode: postcode?.display ?? null },
        fromDate,
      );
      await this.audit.record(
        actor,
        {
          action: 'early-help.address.changed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: familyId,
        },
        tx,
      );
    });
  }

  // ---- The episode ----

  /**
   * Steps the level up or down with a reason, kept in the level history. Leaving early help (a step
   * up to 4 or down to 1) also sends a Request for Support to the Hub through the front door, with
   * the reason as the handover summary, the family's current members and the episode's needs.
   */
  async changeLevel(
    actor: AuditActor,
    viewer: Viewer,
    episodeId: string,
    version: number,
    input: { level: number; reason: string },
  ) {
    const episode = await this.openEpisodeOrThrow(episodeId);
    await this.requireEdit(actor, viewer, episode.family_id);
    const reason = input.reason.trim();
    if (!Number.isInteger(input.level) || input.level < 1 || input.level > 4)
      throw new EarlyHelpError('level', 'Select the new level of need');
    if (!reason) throw new EarlyHelpError('reason', 'Enter why the level of need has changed');
    if (reason.length > 5000) throw new EarlyHelpError('reason', 'The reason must be 5,000 characters or fewer');
    const route = levelChangeRoute(episode.level, input.level);
    if (route.kind === 'same')
      throw new EarlyHelpError('level', `The family is already at level ${episode.level}: choose a different level`);
    if (episode.version !== version) throw new StaleVersionError('This episode');
    const sent =
      route.kind === 'front-door'
        ? await this.sendLevelChange(actor, viewer, episode, version, route.direction, input.level, reason)
        : null;
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'episodes',
        { id: episodeId, version, by: actor.userId, what: 'This episode' },
        { level: input.level },
      );
      await tx
        .insertInto('episode_levels')
        .values({
          id: newId(),
          episode_id: episodeId,
          level: input.level,
          reason,
          changed_by: actor.userId,
          request_id: sent?.id ?? null,
        })
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'early-help.level.changed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId, from: episode.level, to: input.level, requestId: sent?.id ?? null },
        },
        tx,
      );
    });
    return { direction: route.direction, request: sent };
  }

  private async sendLevelChange(
    actor: AuditActor,
    viewer: Viewer,
    episode: { id: string; family_id: string; level: number },
    version: number,
    kind: 'step-up' | 'step-down',
    level: number,
    reason: string,
  ) {
    const family = (await this.repository.family(episode.family_id))!;
    const [members, needs] = await Promise.all([
      this.repository.members(episode.family_id),
      this.repository.needs([episode.id]),
    ]);
    const current = members.filter((m) => m.to_date === null);
    if (!current.some((m) => requestRoleOf(m.relationship) === 'child'))
      throw new EarlyHelpError('level', 'Add the family’s children before asking the Hub to change the level');
    if (!needs.length)
      throw new EarlyHelpError(
        'level',
        'Record the family’s needs before asking the Hub to change the level. If a child is at risk of harm now, phone the Hub',
      );
    const people: Omit<PersonEntry, 'id'>[] = current.map((m) => ({
      role: requestRoleOf(m.relationship),
      relationship: m.relationship,
      firstName: m.first_name,
      lastName: m.last_name,
      dateOfBirth: m.date_of_birth ?? m.expected_date,
      isExpected: !m.date_of_birth && !!m.expected_date,
      gender: m.gender ?? '',
      address: m.address ?? '',
      postcode: m.postcode ?? '',
      school: '',
      gp: '',
      language: '',
      interpreterNeeded: false,
      hasSend: false,
      sendDetails: '',
    }));
    // A step up to specialist support is a safeguarding referral: it goes without asking consent, saying why.
    const stepUp = kind === 'step-up';
    try {
      return await this.deps.frontDoor.submitLevelChange(
        actor,
        { userId: viewer.id, organisationId: viewer.organisationId, name: viewer.displayName },
        {
          kind,
          currentLevel: episode.level,
          handoverSummary: reason,
          fromEpisodeId: episode.id,
          key: `${episode.id}:${version}`,
          districtCode: family.district_code,
          people,
          worries: needs.map((n) => ({ area: n.outcome_area, details: n.description })),
          strengths: '',
          tried: '',
          earlyHelpPlan: null,
          taf: null,
          requestedLevel: level,
          levelReasons: reason,
          consentToRequest: !stepUp,
          consentToSharing: !stepUp,
          noConsentReason: stepUp ? 'Step up to specialist support from early help: see the handover summary' : null,
        },
      );
    } catch (error) {
      if (error instanceof RequestNotReadyError)
        throw new EarlyHelpError('level', `The Hub could not take this change: ${error.message}`);
      throw error;
    }
  }

  /** Hands the lead to another Hearth user who works with families; the change is kept as involvement history. */
  async changeLeadProfessional(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    version: number,
    input: { email: string },
  ) {
    const { episode, lead } = await this.checkLeadChange(actor, viewer, episodeId, input.email, 'email');
    await this.db.transaction().execute((tx) => this.writeLeadChange(tx, actor, episode, version, lead.id));
    return lead;
  }

  /**
   * The checks of a lead professional change, for a caller that writes it inside its own transaction
   * (a TAF meeting's record) with writeLeadChange, so both are recorded the same way.
   */
  async checkLeadChange(actor: AuditActor, viewer: Principal, episodeId: string, email: string, field: string) {
    const episode = await this.openEpisodeOrThrow(episodeId);
    await this.requireEdit(actor, viewer, episode.family_id);
    const lead = await this.practitioner(email, field);
    if (lead.id === episode.lead_professional_id)
      throw new EarlyHelpError(field, `${lead.displayName} is already the lead professional`);
    return { episode, lead };
  }

  /** Writes a checked lead change (see checkLeadChange) in the caller's transaction: the old lead's involvement ends. */
  async writeLeadChange(
    tx: Kysely<DB>,
    actor: AuditActor,
    episode: { id: string; family_id: string; lead_professional_id: string | null },
    version: number,
    leadId: string,
  ) {
    await updateVersioned(
      tx,
      'episodes',
      { id: episode.id, version, by: actor.userId, what: 'This episode' },
      { lead_professional_id: leadId },
    );
    await tx
      .updateTable('episode_involvements')
      .set({ to_at: new Date(), ended_by: actor.userId })
      .where('episode_id', '=', episode.id)
      .where('role', '=', 'lead-professional')
      .where('to_at', 'is', null)
      .execute();
    await tx
      .insertInto('episode_involvements')
      .values({
        id: newId(),
        episode_id: episode.id,
        user_id: leadId,
        role: 'lead-professional',
        created_by: actor.userId,
      })
      .execute();
    await this.audit.record(
      actor,
      {
        action: 'early-help.lead-professional.changed',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: episode.family_id,
        details: { episodeId: episode.id, from: episode.lead_professional_id, to: leadId },
      },
      tx,
    );
  }

  /**
   * Makes a practitioner invited to a TAF meeting a member of the Team Around the Family, in the
   * caller's transaction, unless they are already involved with the episode in any role. True when added.
   */
  async ensureTafMember(
    tx: Kysely<DB>,
    actor: AuditActor,
    episode: { id: string; family_id: string },
    userId: string,
  ): Promise<boolean> {
    const involved = await tx
      .selectFrom('episode_involvements')
      .select('id')
      .where('episode_id', '=', episode.id)
      .where('user_id', '=', userId)
      .where('to_at', 'is', null)
      .executeTakeFirst();
    if (involved) return false;
    await tx
      .insertInto('episode_involvements')
      .values({ id: newId(), episode_id: episode.id, user_id: userId, role: 'taf-member', created_by: actor.userId })
      .execute();
    await this.audit.record(
      actor,
      {
        action: 'early-help.taf-member.added',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: episode.family_id,
        details: { episodeId: episode.id, userId },
      },
      tx,
    );
    return true;
  }

  /**
   * Family Solutions allocation, in the caller's transaction (the manager's checks are in
   * FamilySolutionsService): the episode moves to the team, and the worker becomes its allocated
   * worker and lead professional — a level 3 family worker holds the case; earlier ones' involvements end.
   */
  async writeAllocation(
    tx: Kysely<DB>,
    actor: AuditActor,
    episode: { id: string; family_id: string },
    version: number,
    input: { teamId: string; workerId: string },
  ) {
    await updateVersioned(
      tx,
      'episodes',
      { id: episode.id, version, by: actor.userId, what: 'This episode' },
      { allocated_team_id: input.teamId, lead_professional_id: input.workerId },
    );
    for (const role of ['allocated-worker', 'lead-professional'] as const) {
      await tx
        .updateTable('episode_involvements')
        .set({ to_at: new Date(), ended_by: actor.userId })
        .where('episode_id', '=', episode.id)
        .where('role', '=', role)
        .where('to_at', 'is', null)
        .where('user_id', '!=', input.workerId)
        .execute();
      const current = await tx
        .selectFrom('episode_involvements')
        .select('id')
        .where('episode_id', '=', episode.id)
        .where('role', '=', role)
        .where('user_id', '=', input.workerId)
        .where('to_at', 'is', null)
        .executeTakeFirst();
      if (!current)
        await tx
          .insertInto('episode_involvements')
          .values({ id: newId(), episode_id: episode.id, user_id: input.workerId, role, created_by: actor.userId })
          .execute();
    }
    await this.audit.record(
      actor,
      {
        action: 'early-help.allocated-worker.changed',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: episode.family_id,
        details: { episodeId: episode.id, ...input },
      },
      tx,
    );
  }

  /** Adds a practitioner to the Team Around the Family: they see this family, and only it, through this episode. */
  async addTafMember(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    version: number,
    input: { email: string },
  ) {
    const episode = await this.openEpisodeOrThrow(episodeId);
    await this.requireEdit(actor, viewer, episode.family_id);
    const member = await this.practitioner(input.email, 'tafEmail');
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'episodes', { id: episodeId, version, by: actor.userId, what: 'This episode' }, {});
      const already = await tx
        .selectFrom('episode_involvements')
        .select('id')
        .where('episode_id', '=', episodeId)
        .where('user_id', '=', member.id)
        .where('role', '=', 'taf-member')
        .where('to_at', 'is', null)
        .executeTakeFirst();
      if (already)
        throw new EarlyHelpError('tafEmail', `${member.displayName} is already in the Team Around the Family`);
      await tx
        .insertInto('episode_involvements')
        .values({
          id: newId(),
          episode_id: episodeId,
          user_id: member.id,
          role: 'taf-member',
          created_by: actor.userId,
        })
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'early-help.taf-member.added',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId, userId: member.id },
        },
        tx,
      );
    });
    return member;
  }

  /** A need identified, tagged with a Supporting Families outcome area from the tenant file. */
  async addNeed(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    version: number,
    input: { area: string; description: string },
  ) {
    const episode = await this.openEpisodeOrThrow(episodeId);
    await this.requireEdit(actor, viewer, episode.family_id);
    const areas = await this.deps.reference.outcomeAreas();
    if (!areas.some((a) => a.code === input.area)) throw new EarlyHelpError('area', 'Select the outcome area');
    const description = input.description.trim();
    if (!description || description.length > 2000)
      throw new EarlyHelpError('description', 'Describe the need in 2,000 characters or fewer');
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'episodes', { id: episodeId, version, by: actor.userId, what: 'This episode' }, {});
      await tx
        .insertInto('episode_needs')
        .values({
          id: newId(),
          episode_id: episodeId,
          outcome_area: input.area,
          description,
          identified_by: actor.userId,
        })
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'early-help.need.added',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId, area: input.area },
        },
        tx,
      );
    });
  }

  /**
   * Closes the episode with a reason and an outcome for every need. Refused, with every problem, when
   * a need has no outcome or a closure check (open actions, from the plan slice) finds work still open.
   */
  async close(actor: AuditActor, viewer: Principal, episodeId: string, version: number, input: CloseInput) {
    const episode = await this.openEpisodeOrThrow(episodeId);
    await this.requireEdit(actor, viewer, episode.family_id);
    const needs = await this.repository.needs([episodeId]);
    const problems = closureProblems(
      needs.map((n) => n.id),
      input.outcomes,
    );
    if (problems.length) throw new ClosureRefused(problems);
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'episodes',
        { id: episodeId, version, by: actor.userId, what: 'This episode' },
        { status: 'closed', closed_at: new Date(), closure_reason: input.reason },
      );
      const blockers = (await Promise.all(this.closureChecks.map((check) => check(tx, episodeId)))).flat();
      if (blockers.length) throw new ClosureRefused(blockers);
      for (const need of needs) {
        await tx
          .updateTable('episode_needs')
          .set({ outcome: input.outcomes[need.id] as NeedOutcome, outcome_at: new Date() })
          .where('id', '=', need.id)
          .execute();
      }
      await this.audit.record(
        actor,
        {
          action: 'early-help.episode.closed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId, reason: input.reason },
        },
        tx,
      );
    });
  }

  /** The episode (open or closed) with its family id, for forms; null for an unknown id. */
  async episode(viewer: Principal, episodeId: string) {
    if (!isUuid(episodeId)) return null;
    const episode = await this.repository.episode(episodeId);
    if (!episode) return null;
    const record = await this.family(viewer, episode.family_id);
    return record ? { ...record, episode: record.episodes.find((e) => e.id === episodeId)! } : null;
  }

  // ---- Helpers ----

  private async familyOrThrow(familyId: string) {
    const family = isUuid(familyId) ? await this.repository.family(familyId) : undefined;
    if (!family) throw new EarlyHelpError('family', 'There is no such family');
    return family;
  }

  private async openEpisodeOrThrow(episodeId: string) {
    const episode = isUuid(episodeId) ? await this.repository.episode(episodeId) : undefined;
    if (!episode) throw new EarlyHelpError('episode', 'There is no such episode');
    if (episode.status !== 'open')
      throw new EarlyHelpError('episode', 'This episode has been closed: nothing more can change');
    return episode;
  }

  private async refuseIfMember(familyId: string, personId: string, db?: Kysely<DB>): Promise<void> {
    if (!(await this.repository.activeMember(familyId, personId, db))) return;
    const person = await (db ?? this.db)
      .selectFrom('people')
      .select(['first_name', 'last_name'])
      .where('id', '=', personId)
      .executeTakeFirst();
    throw new EarlyHelpError('person', `${person ? personName(person) : 'This person'} is already in this family`);
  }

  /**
   * The person to add: an existing record (not merged away), or a new one only when nobody Hearth
   * knows is likely to be them (PeopleService.findCandidates). A new person is recorded in its own
   * transaction (PeopleService owns it) before ours: at worst a person record without a family.
   */
  private async choosePerson(actor: AuditActor, choice: PersonChoice): Promise<string> {
    if ('personId' in choice) {
      const person = await this.deps.people.person(choice.personId);
      if (!person) throw new EarlyHelpError('person', 'Choose one of the people found');
      return person.mergedInto ?? person.id;
    }
    try {
      const likely = (await this.deps.people.findCandidates(choice.details)).filter((c) => c.score >= MATCH_THRESHOLD);
      if (likely.length) {
        const names = likely.map(
          (c) =>
            `${c.person.firstName} ${c.person.lastName}${c.person.dateOfBirth ? ` (born ${c.person.dateOfBirth})` : ''}`,
        );
        throw new EarlyHelpError(
          'person',
          `Hearth already has a record that is probably this person: ${names.join(', ')}. Choose it instead of creating a new one`,
        );
      }
      return await this.deps.people.createPerson(actor, choice.details);
    } catch (error) {
      if (error instanceof PersonInputError) throw new EarlyHelpError(error.field, error.message);
      throw error;
    }
  }

  /**
   * The family these people already belong to, so a second spell of early help keeps one history.
   * Refused when that family has an episode open now.
   */
  private async reusableFamily(personIds: string[]): Promise<string | null> {
    const [family] = await this.repository.familiesOf(personIds);
    if (!family) return null;
    const open = await this.repository.openEpisodeOf(family.id);
    if (open)
      throw new EarlyHelpError(
        'workItem',
        `${family.name} already has early help open${open.lead_name ? `, led by ${open.lead_name}` : ''}. Ask them to add this to their work`,
      );
    return family.id;
  }

  /** The viewer's team that covers the district, to allocate the episode to. */
  private async teamFor(viewer: Principal, districtCode: string): Promise<string | null> {
    for (const id of viewer.teamIds) {
      const team = await this.deps.reference.team(id);
      if (team?.districts.includes(districtCode)) return id;
    }
    return viewer.teamIds[0] ?? null;
  }

  /** An active Hearth user who works with families (the policy's early-help:start), found by email; an EarlyHelpError on `field` if not. */
  async practitioner(email: string, field: string) {
    const user = await this.repository.activeUserByEmail(email);
    if (!user) throw new EarlyHelpError(field, 'There is no active Hearth user with that email address');
    if (!can(user, 'early-help:start').allowed)
      throw new EarlyHelpError(field, `${user.displayName} does not work with families in Hearth`);
    return user;
  }

  private async insertMember(
    tx: Kysely<DB>,
    actor: AuditActor,
    familyId: string,
    personId: string,
    relationship: FamilyRelationship,
    details: { school_or_setting: string | null; gp: string | null } = { school_or_setting: null, gp: null },
  ) {
    await tx
      .insertInto('family_members')
      .values({
        id: newId(),
        family_id: familyId,
        person_id: personId,
        relationship,
        from_date: today(),
        created_by: actor.userId,
        ...details,
      })
      .execute();
  }

  private async insertAddress(
    tx: Kysely<DB>,
    actor: AuditActor,
    familyId: string,
    input: { address: string; postcode: string | null },
    fromDate = today(),
  ) {
    await tx
      .updateTable('family_addresses')
      .set({ to_date: fromDate })
      .where('family_id', '=', familyId)
      .where('to_date', 'is', null)
      .execute();
    await tx
      .insertInto('family_addresses')
      .values({
        id: newId(),
        family_id: familyId,
        address: input.address.trim().slice(0, 500),
        postcode: input.postcode?.trim() || null,
        from_date: fromDate,
        created_by: actor.userId,
      })
      .execute();
  }

  private async insertEpisode(
    tx: Kysely<DB>,
    actor: AuditActor,
    viewer: Principal,
    e: {
      id: string;
      familyId: string;
      level: number;
      pathway: 'taf' | 'family-solutions';
      openedFrom: 'hub-decision' | 'partner-start';
      workItemId: string | null;
      requestId: string | null;
      teamId: string | null;
      reason: string;
    },
  ) {
    await this.repository.insertEpisode(tx, {
      id: e.id,
      family_id: e.familyId,
      opened_from: e.openedFrom,
      hub_work_item_id: e.workItemId,
      request_id: e.requestId,
      level: e.level,
      pathway: e.pathway,
      lead_professional_id: viewer.id,
      allocated_team_id: e.teamId,
      created_by: actor.userId,
      updated_by: actor.userId,
      closed_at: null,
      closure_reason: null,
    });
    await tx
      .insertInto('episode_levels')
      .values({
        id: newId(),
        episode_id: e.id,
        level: e.level,
        reason: e.reason,
        changed_by: actor.userId,
        request_id: e.requestId,
      })
      .execute();
    await tx
      .insertInto('episode_involvements')
      // A partner who starts early help leads it; a team taking on Hub work is allocated it as well.
      .values(
        (e.openedFrom === 'hub-decision'
          ? (['lead-professional', 'allocated-worker'] as const)
          : (['lead-professional'] as const)
        ).map((role) => ({ id: newId(), episode_id: e.id, user_id: viewer.id, role, created_by: actor.userId })),
      )
      .execute();
  }
}
