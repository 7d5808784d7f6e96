import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { Candidate, PersonDetails } from '../people/index.ts';
import { isUuid } from '../../platform/db/ids.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { DecidedRecord, RecordLocator } from '../../platform/http/route-access.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { EarlyHelpCore, type EarlyHelpDeps } from './families/core.ts';
import { FamilyRecords, mayViewFamily } from './families/record.ts';
import { EpisodeChanges } from './families/episode.ts';
import { FamilyMembers } from './families/members.ts';
import { FamilyStart } from './families/start.ts';
import { EpisodeTeam } from './families/team.ts';
import {
  EarlyHelpDenied,
  EarlyHelpError,
  type ClosureCheck,
  type ClosureStep,
  type InvolvementSource,
  type WorkCheck,
} from './families/types.ts';
import { closedEpisodes, episodeSummaries, type ClosedEpisodeCriteria } from './families/sampling.ts';
import { everInEarlyHelp, schoolsNamedFor } from './families/people-lookups.ts';
import { FAMILY_RECORD_TYPE, familyLocator } from './records.ts';

export {
  ClosureRefused,
  EarlyHelpDenied,
  EarlyHelpError,
  type CloseInput,
  type ClosureCheck,
  type MemberDetails,
  type LeadChoice,
  type PartnerStartInput,
  type PersonChoice,
  type InvolvementSource,
  type Viewer,
  type WorkCheck,
} from './families/types.ts';
export type { ClosedEpisodeCriteria, EpisodeSummary } from './families/sampling.ts';
export { FAMILY_RECORD_TYPE } from './records.ts';

/**
 * Families and their early help episodes. An episode opens when a receiving team takes on a Hub
 * decision's work item (TAF or Family Solutions), or when a partner starts early help themselves at
 * level 2; it keeps its level history, who is involved, and the needs found by Supporting Families
 * outcome area, and closes with a reason and an outcome for each need. Every read and change is
 * decided by the policy from the user's involvement (episode_involvements), and the family is a
 * break-glass record type, so an uninvolved caseworker's emergency view is audited.
 *
 * This class is the module's face; the work is done by its parts in families/: the family's record as its page
 * shows it (record.ts), opening early help (start.ts), members and addresses (members.ts), the episode's level,
 * needs and closure (episode.ts), and who works with the family (team.ts). Its repository is private: sibling services
 * read through the methods below.
 */
export class EarlyHelpService {
  /** How routes find the family they are about (their declared access): by the family's id, or an episode's. */
  readonly families: { byId: RecordLocator; byEpisode: RecordLocator };
  private readonly core: EarlyHelpCore;
  private readonly start: FamilyStart;
  private readonly members: FamilyMembers;
  private readonly changes: EpisodeChanges;
  private readonly team: EpisodeTeam;
  private readonly records: FamilyRecords;

  constructor(db: Kysely<DB>, audit: AuditLog, deps: EarlyHelpDeps) {
    this.core = new EarlyHelpCore(db, audit, deps);
    this.start = new FamilyStart(this.core);
    this.members = new FamilyMembers(this.core);
    this.changes = new EpisodeChanges(this.core);
    this.team = new EpisodeTeam(this.core);
    this.records = new FamilyRecords(this.core);
    const involvementsIn = this.involvementsIn.bind(this);
    const repository = this.core.repository;
    this.families = {
      byId: familyLocator(involvementsIn, async (id) => (await repository.family(id))?.id),
      byEpisode: familyLocator(involvementsIn, async (id) => (await repository.episode(id))?.family_id),
    };
    deps.breakGlass.registerRecordType(FAMILY_RECORD_TYPE, async (id, viewer) => {
      const family = await repository.family(id);
      return family
        ? { label: family.name, href: `/families/${id}`, involvements: await this.involvementsIn(id, viewer) }
        : null;
    });
  }

  /** Later slices (the plan's open actions) add what must be finished before an episode closes. */
  addClosureCheck(check: ClosureCheck) {
    this.core.closureChecks.push(check);
  }

  /** What other parts of early help do as an episode closes, in the closing transaction. */
  addClosureStep(step: ClosureStep) {
    this.core.closureSteps.push(step);
  }

  /**
   * Rules about starting work with a family, from other parts of early help (Family Solutions: the
   * family agreement first). A check returns why work cannot start yet, or null.
   */
  addWorkCheck(check: WorkCheck) {
    this.core.workChecks.push(check);
  }

  /**
   * Another module grants an involvement with families (the assurance audits' 'case-auditor' on the families an open
   * audit sampled): asked on every decision about a family, alongside early help's own involvements.
   */
  addInvolvementSource(source: InvolvementSource) {
    this.core.involvementSources.push(source);
  }

  /** Runs the work checks inside the caller's transaction; the first refusal is named by `field`. */
  async checkWorkAllowed(tx: Kysely<DB>, episodeId: string, field: string): Promise<void> {
    for (const check of this.core.workChecks) {
      const problem = await check(tx, episodeId);
      if (problem) throw new EarlyHelpError(field, problem);
    }
  }

  // ---- Who may see a family, and what they see ----

  involvementsIn(...a: Parameters<EarlyHelpCore['involvementsIn']>) {
    return this.core.involvementsIn(...a);
  }
  involvementsInFamilies(...a: Parameters<EarlyHelpCore['involvementsInFamilies']>) {
    return this.core.involvementsInFamilies(...a);
  }
  /** An active Hearth user who works with families, found by email; an EarlyHelpError on `field` if not. */
  practitioner(...a: Parameters<EarlyHelpCore['practitioner']>) {
    return this.core.practitioner(...a);
  }

  /** Whether the policy lets the viewer see the family now: an involvement, or a break-glass grant in force. */
  async viewDecision(viewer: Principal, familyId: string) {
    const involvements = await this.core.involvementsIn(familyId, viewer);
    const grant = await this.core.deps.breakGlass.activeGrant(viewer.id, FAMILY_RECORD_TYPE, familyId);
    return { involvements, decision: mayViewFamily(viewer, familyId, involvements, grant !== null) };
  }

  /**
   * The family's record as its page shows it, if the policy lets the viewer see it (an involvement,
   * or a break-glass grant in force). The route's declared record access audits the view first.
   */
  async family(viewer: Principal, familyId: string) {
    if (!isUuid(familyId)) return null;
    const family = await this.core.repository.family(familyId);
    if (!family) return null;
    const { involvements, decision } = await this.viewDecision(viewer, familyId);
    if (!decision.allowed) throw new EarlyHelpDenied('You are not involved with this family');
    return this.records.record(viewer, family, involvements);
  }

  /**
   * The family's record for a page whose route has decided its access already (`request.decidedRecord`, set by the
   * route-access hook from this module's locator): the policy is asked again, on the involvements and the break-glass
   * grant that decision read, instead of reading them a second time (five of the family page's queries were repeats).
   */
  async familyAsDecided(viewer: Principal, decided: DecidedRecord) {
    if (decided.type !== FAMILY_RECORD_TYPE) throw new Error(`A ${decided.type} record's decision is not a family's`);
    const family = await this.core.repository.family(decided.id);
    if (!family) return null;
    if (!mayViewFamily(viewer, decided.id, decided.involvements, !!decided.access?.grant).allowed)
      throw new EarlyHelpDenied('You are not involved with this family');
    return this.records.record(viewer, family, decided.involvements);
  }

  /** "My families": open episodes the viewer is involved in now. */
  myEpisodes(viewer: Principal) {
    return this.core.repository.myOpenEpisodes(viewer.id);
  }

  /** The episode (open or closed) with its family id, for forms; null for an unknown id. */
  async episode(viewer: Principal, episodeId: string) {
    if (!isUuid(episodeId)) return null;
    const episode = await this.core.repository.episode(episodeId);
    if (!episode) return null;
    const record = await this.family(viewer, episode.family_id);
    return record ? { ...record, episode: record.episodes.find((e) => e.id === episodeId)! } : null;
  }

  /**
   * The person search of "Start early help" and "Add someone to the family" (issue 11, item 5). People
   * in a family the searcher is involved with are shown as found; anyone else only when the details are
   * full (first and last name, date of birth and postcode) and one record is a confident match, and
   * then only that record. Every search is audited: who searched, how much was given, how many shown.
   */
  async searchPeople(actor: AuditActor, viewer: Principal, details: PersonDetails): Promise<Candidate[]> {
    const found = await this.core.deps.people.findCandidates(details);
    const known = await this.core.repository.peopleKnownTo(
      viewer.id,
      found.map((c) => c.person.id),
    );
    const full = !!(details.firstName && details.lastName && details.dateOfBirth && details.postcode);
    const confident = full ? found.filter((c) => !known.has(c.person.id) && c.likely) : [];
    const outside = confident.length === 1 ? confident : [];
    const shown = [...found.filter((c) => known.has(c.person.id)), ...outside];
    await this.core.audit.record(actor, {
      action: 'person.searched',
      outcome: 'success',
      subjectType: 'person',
      details: {
        from: 'early-help',
        fullDetails: full,
        found: found.length,
        shown: shown.length,
        shownIds: shown.map((c) => c.person.id),
      },
    });
    return shown;
  }

  // ---- Reads for the other parts of early help (assessment, plan, TAF, Family Solutions) ----
  // Internal: the caller has already decided access through the family's declared record access.

  /**
   * The Request for Support and the Hub's decision an episode began from (null when a partner started
   * early help themselves). The caller's declared access ('record:view-origin') has decided who sees it.
   */
  async origin(actor: AuditActor, episodeId: string) {
    const episode = await this.episodeRow(episodeId);
    if (!episode?.request_id) return { episode, origin: null };
    return { episode, origin: await this.core.deps.hub.origin(actor, episode.request_id) };
  }

  /** An episode row by id (open or closed), or undefined. */
  episodeRow(episodeId: string) {
    return isUuid(episodeId) ? this.core.repository.episode(episodeId) : Promise.resolve(undefined);
  }
  /** The family's members, past and present, with their person details. */
  membersOf(familyId: string, db?: Kysely<DB>) {
    return this.core.members(familyId, db);
  }
  /** First and last names of these people, by id, read through PeopleService (the people module owns them). */
  async personNames(ids: readonly string[]): Promise<Map<string, { first_name: string; last_name: string }>> {
    return this.core.deps.people.summaries(ids);
  }
  /** The needs of these episodes. */
  needsOf(episodeIds: string[]) {
    return this.core.repository.needs(episodeIds);
  }
  /** Who is and was involved with these episodes. */
  involvementsOfEpisodes(episodeIds: string[]) {
    return this.core.repository.involvements(episodeIds);
  }
  /** The family's open episode, if any. */
  openEpisodeOf(familyId: string) {
    return this.core.repository.openEpisodeOf(familyId);
  }
  /**
   * Who a child is open to in early help today (seed 002, missing children: "sent to the allocated worker"): for
   * each family the person is a current member of with an open episode, the lead professional, or else an
   * allocated worker. Undefined when the child is open to no one.
   */
  async openWorkerOf(personId: string): Promise<{ familyId: string; workerId: string } | undefined> {
    if (!isUuid(personId)) return undefined;
    const row = await this.core.db
      .selectFrom('family_members as m')
      .innerJoin('episodes as e', 'e.family_id', 'm.family_id')
      .leftJoin('episode_involvements as i', (j) =>
        j.onRef('i.episode_id', '=', 'e.id').on('i.role', '=', 'allocated-worker').on('i.to_at', 'is', null),
      )
      .select(['m.family_id', 'e.lead_professional_id', 'i.user_id'])
      .where('m.person_id', '=', personId)
      .where('m.to_date', 'is', null)
      .where('e.status', '=', 'open')
      .where((eb) => eb.or([eb('e.lead_professional_id', 'is not', null), eb('i.user_id', 'is not', null)]))
      .orderBy('e.opened_at', 'desc')
      .executeTakeFirst();
    const workerId = row?.lead_professional_id ?? row?.user_id;
    return row && workerId ? { familyId: row.family_id, workerId } : undefined;
  }
  /**
   * The school or setting early help recorded for these people as current family members (free text), newest first:
   * Operation Encompass recognises a child's school from it (issue 15).
   */
  schoolsNamedFor(personIds: string[]) {
    return schoolsNamedFor(this.core.db, personIds);
  }
  /** Whether this person is or was in a family with an early help episode, open or closed (issue 15's priority). */
  everInEarlyHelp(personId: string) {
    return everInEarlyHelp(this.core.db, personId);
  }
  /** Episodes closed in a date range, at a level if given: what a case audit samples (assurance audits). */
  closedEpisodes(criteria: ClosedEpisodeCriteria) {
    return closedEpisodes(this.core.db, criteria);
  }
  /** The family's name and the episode's facts for these episodes (an audit's sampled cases). */
  episodeSummaries(ids: readonly string[]) {
    return episodeSummaries(this.core.db, ids);
  }
  /** An active Hearth user by email (any role), or undefined. */
  activeUserByEmail(email: string) {
    return this.core.repository.activeUserByEmail(email);
  }
  /** Records a need in the caller's transaction (the assessment's "needs found"). */
  insertNeed(...a: Parameters<EarlyHelpCore['repository']['insertNeed']>) {
    return this.core.repository.insertNeed(...a);
  }

  // ---- Opening early help (families/start.ts) ----

  workList(...a: Parameters<FamilyStart['workList']>) {
    return this.start.workList(...a);
  }
  workItem(...a: Parameters<FamilyStart['workItem']>) {
    return this.start.workItem(...a);
  }
  startFromWorkItem(...a: Parameters<FamilyStart['startFromWorkItem']>) {
    return this.start.startFromWorkItem(...a);
  }
  startByPartner(...a: Parameters<FamilyStart['startByPartner']>) {
    return this.start.startByPartner(...a);
  }

  // ---- Members and addresses (families/members.ts) ----

  addMember(...a: Parameters<FamilyMembers['addMember']>) {
    return this.members.addMember(...a);
  }
  endMembership(...a: Parameters<FamilyMembers['endMembership']>) {
    return this.members.endMembership(...a);
  }
  moveAddress(...a: Parameters<FamilyMembers['moveAddress']>) {
    return this.members.moveAddress(...a);
  }

  // ---- The episode: level, needs, closure (families/episode.ts) ----

  changeLevel(...a: Parameters<EpisodeChanges['changeLevel']>) {
    return this.changes.changeLevel(...a);
  }
  addNeed(...a: Parameters<EpisodeChanges['addNeed']>) {
    return this.changes.addNeed(...a);
  }
  close(...a: Parameters<EpisodeChanges['close']>) {
    return this.changes.close(...a);
  }

  // ---- Who works with the family (families/team.ts) ----

  changeLeadProfessional(...a: Parameters<EpisodeTeam['changeLeadProfessional']>) {
    return this.team.changeLeadProfessional(...a);
  }
  checkLeadChange(...a: Parameters<EpisodeTeam['checkLeadChange']>) {
    return this.team.checkLeadChange(...a);
  }
  writeLeadChange(...a: Parameters<EpisodeTeam['writeLeadChange']>) {
    return this.team.writeLeadChange(...a);
  }
  ensureTafMember(...a: Parameters<EpisodeTeam['ensureTafMember']>) {
    return this.team.ensureTafMember(...a);
  }
  writeAllocation(...a: Parameters<EpisodeTeam['writeAllocation']>) {
    return this.team.writeAllocation(...a);
  }
  addTafMember(...a: Parameters<EpisodeTeam['addTafMember']>) {
    return this.team.addTafMember(...a);
  }
}
