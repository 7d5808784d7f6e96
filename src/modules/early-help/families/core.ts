import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { BreakGlassService } from '../../../platform/break-glass/service.ts';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB, EpisodeRole, FamilyRelationship } from '../../../platform/db/schema/index.ts';
import { can, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';
import type { FrontDoorService, HubService } from '../../front-door/index.ts';
import { MATCH_THRESHOLD, PersonInputError, type PeopleService } from '../../people/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { FAMILY_RECORD_TYPE } from '../records.ts';
import { EarlyHelpRepository } from '../repository.ts';
import {
  EarlyHelpDenied,
  EarlyHelpError,
  type ClosureCheck,
  type ClosureStep,
  type InvolvementSource,
  type MemberDetails,
  type PersonChoice,
  type WorkCheck,
} from './types.ts';

export interface EarlyHelpDeps {
  hub: HubService;
  frontDoor: FrontDoorService;
  people: PeopleService;
  reference: ReferenceService;
  breakGlass: BreakGlassService;
}

// Dates of joining, leaving and moving are the family's day in England, not UTC's.
export const today = () => todayInLondon();
export const formatDay = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** MemberDetails as family_members stores them: blank is null, longer than the column allows is cut (request text is not re-validated). */
export const memberDetails = (d: MemberDetails) => ({
  school_or_setting: d.schoolOrSetting?.trim().slice(0, 200) || null,
  gp: d.gp?.trim().slice(0, 200) || null,
});
export const personName = (p: { first_name: string; last_name: string }) => `${p.first_name} ${p.last_name}`;
const ROLE_INVOLVEMENT: Record<EpisodeRole, Involvement> = {
  'lead-professional': 'lead-professional',
  'taf-member': 'taf-member',
  'allocated-worker': 'allocated-worker',
  'team-manager': 'team-manager',
  'taf-support': 'taf-support',
};

/** The viewer's roles on a family's episodes, plus team manager for a Family Solutions manager of a team an episode is allocated to. */
function involvementsFrom(roles: readonly EpisodeRole[], teamIds: readonly string[], viewer: Principal): Involvement[] {
  const involvements = new Set(roles.map((r) => ROLE_INVOLVEMENT[r]));
  const managesTeam = can(viewer, 'family-solutions:manage').allowed && teamIds.some((t) => viewer.teamIds.includes(t));
  if (managesTeam) involvements.add('team-manager');
  return [...involvements];
}

/**
 * What every part of EarlyHelpService shares: the database, the audit log, the repository (private to
 * early help's family service), who may see and change a family, and the writes that open one.
 */
export class EarlyHelpCore {
  readonly repository: EarlyHelpRepository;
  readonly closureChecks: ClosureCheck[] = [];
  readonly closureSteps: ClosureStep[] = [];
  readonly workChecks: WorkCheck[] = [];
  readonly involvementSources: InvolvementSource[] = [];

  constructor(
    readonly db: Kysely<DB>,
    readonly audit: AuditLog,
    readonly deps: EarlyHelpDeps,
  ) {
    this.repository = new EarlyHelpRepository(db);
  }

  /**
   * How the viewer is involved with the family now: their roles on its episodes, and team manager
   * for a manager in the team an episode is allocated to. The policy turns these into decisions.
   */
  async involvementsIn(familyId: string, viewer: Principal): Promise<Involvement[]> {
    if (!isUuid(familyId)) return [];
    const { roles, teamIds } = await this.repository.involvementOf(familyId, viewer.id);
    return this.withGranted([familyId], viewer, new Map([[familyId, involvementsFrom(roles, teamIds, viewer)]])).then(
      (all) => all.get(familyId) ?? [],
    );
  }

  /** Adds what other modules grant (addInvolvementSource) to the involvements found in early help's own tables. */
  private async withGranted(
    familyIds: readonly string[],
    viewer: Principal,
    own: Map<string, Involvement[]>,
  ): Promise<Map<string, Involvement[]>> {
    if (!this.involvementSources.length) return own;
    const granted = await Promise.all(this.involvementSources.map((source) => source(familyIds, viewer)));
    for (const map of granted)
      for (const [id, involvements] of map) {
        const mine = own.get(id);
        if (!mine) continue;
        for (const i of involvements) if (!mine.includes(i)) mine.push(i);
      }
    return own;
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
    const own = new Map([...found].map(([id, f]) => [id, involvementsFrom(f.roles, f.teamIds, viewer)]));
    return this.withGranted(ids, viewer, own);
  }

  /**
   * The family's members with their people's details (read through PeopleService: the people module owns
   * them), current ones first, then oldest first. A person record that cannot be found shows as unknown.
   */
  async members(familyId: string, db: Kysely<DB> = this.db) {
    const rows = await this.repository.members(familyId, db);
    const people = await this.deps.people.summaries(
      rows.map((r) => r.person_id),
      db,
    );
    const key = (d: string | null) => d ?? '9999-12-31';
    return rows
      .map((m) => {
        const p = people.get(m.person_id);
        return {
          ...m,
          first_name: p?.first_name ?? 'Unknown',
          last_name: p?.last_name ?? 'person',
          date_of_birth: p?.date_of_birth ?? null,
          expected_date: p?.expected_date ?? null,
          gender: p?.gender ?? null,
          address: p?.address ?? null,
          postcode: p?.postcode ?? null,
        };
      })
      .sort(
        (a, b) =>
          key(b.to_date).localeCompare(key(a.to_date)) || key(a.date_of_birth).localeCompare(key(b.date_of_birth)),
      );
  }

  async requireEdit(actor: AuditActor, viewer: Principal, familyId: string) {
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

  async familyOrThrow(familyId: string) {
    const family = isUuid(familyId) ? await this.repository.family(familyId) : undefined;
    if (!family) throw new EarlyHelpError('family', 'There is no such family');
    return family;
  }

  async openEpisodeOrThrow(episodeId: string) {
    const episode = isUuid(episodeId) ? await this.repository.episode(episodeId) : undefined;
    if (!episode) throw new EarlyHelpError('episode', 'There is no such episode');
    if (episode.status !== 'open')
      throw new EarlyHelpError('episode', 'This episode has been closed: nothing more can change');
    return episode;
  }

  /** An active Hearth user who works with families (the policy's early-help:start), found by email; an EarlyHelpError on `field` if not. */
  async practitioner(email: string, field: string) {
    const user = await this.repository.activeUserByEmail(email);
    if (!user) throw new EarlyHelpError(field, 'There is no active Hearth user with that email address');
    if (!can(user, 'early-help:start').allowed)
      throw new EarlyHelpError(field, `${user.displayName} does not work with families in Hearth`);
    return user;
  }

  /**
   * A practitioner who may hold the family's case as lead professional (the policy's early-help:lead),
   * found by email or id; never a TAF Support Officer (seed 004: "The TAFSOs do not case hold").
   */
  async leadPractitioner(who: { email: string } | { id: string }, field: string) {
    const user =
      'email' in who ? await this.repository.activeUserByEmail(who.email) : await this.repository.activeUser(who.id);
    if (!user) throw new EarlyHelpError(field, 'There is no active Hearth user with that email address');
    if (!can(user, 'early-help:lead').allowed)
      throw new EarlyHelpError(
        field,
        can(user, 'early-help:accept-taf').allowed
          ? `${user.displayName} is a TAF Support Officer: they support the lead professional and do not hold cases. Name the practitioner who knows the family`
          : `${user.displayName} cannot be a family’s lead professional in Hearth`,
      );
    return user;
  }

  async insertMember(
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

  async insertAddress(
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

  /**
   * Opens an episode with its first level and who is involved. `leadId` is the lead professional (null while
   * not yet agreed); `involved` lists each person's roles. Nobody the policy refuses early-help:lead is ever
   * written as lead professional or allocated worker: a TAF Support Officer only ever supports.
   */
  async insertEpisode(
    tx: Kysely<DB>,
    actor: AuditActor,
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
      /** Whose decision set the first level, and when (the Hub's, for work from the Hub): else the actor, now. */
      levelSetBy?: { userId: string; at: Date };
      leadId: string | null;
      involved: { user: Principal; roles: readonly EpisodeRole[] }[];
    },
  ) {
    for (const { user, roles } of e.involved)
      if (
        roles.some((r) => r === 'lead-professional' || r === 'allocated-worker') &&
        !can(user, 'early-help:lead').allowed
      )
        throw new EarlyHelpDenied('A TAF Support Officer supports the lead professional and does not hold cases');
    await this.repository.insertEpisode(tx, {
      id: e.id,
      family_id: e.familyId,
      opened_from: e.openedFrom,
      hub_work_item_id: e.workItemId,
      request_id: e.requestId,
      level: e.level,
      pathway: e.pathway,
      lead_professional_id: e.leadId,
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
        changed_by: e.levelSetBy?.userId ?? actor.userId,
        ...(e.levelSetBy ? { from_at: e.levelSetBy.at } : {}),
        request_id: e.requestId,
      })
      .execute();
    const rows = e.involved.flatMap(({ user, roles }) =>
      roles.map((role) => ({ id: newId(), episode_id: e.id, user_id: user.id, role, created_by: actor.userId })),
    );
    if (rows.length) await tx.insertInto('episode_involvements').values(rows).execute();
  }

  /**
   * The person to add: an existing record (not merged away), or a new one only when nobody Hearth
   * knows is likely to be them (PeopleService.findCandidates). A new person is recorded in its own
   * transaction (PeopleService owns it) before ours: at worst a person record without a family.
   */
  async choosePerson(actor: AuditActor, choice: PersonChoice): Promise<string> {
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
}
