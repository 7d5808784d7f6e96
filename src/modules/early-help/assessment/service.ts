import { AccessDenied } from '../../../platform/permissions/denied.ts';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import type { Kysely, Updateable } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { AssessmentParticipation, AssessmentSectionsTable, DB } from '../../../platform/db/schema/index.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { AssessmentRepository } from './repository.ts';
import {
  analysisProblems,
  completionProblems,
  isChild,
  memberSectionProblems,
  needProblems,
  sectionStatus,
  type MemberSectionInput,
  type Problem,
} from './rules.ts';
import { EarlyHelpError, FAMILY_RECORD_TYPE, type EarlyHelpService } from '../service.ts';

/** Things to correct before a section saves or the assessment completes, each on its field. */
export class AssessmentProblems extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.text).join('; '));
  }
}

/** The policy refused a change (not the lead professional or allocated worker). Audited. */
export class AssessmentDenied extends AccessDenied {}

type SectionValues = Omit<Updateable<AssessmentSectionsTable>, 'id' | 'assessment_id' | 'kind' | 'person_id'> & {
  finished: boolean;
};
type SectionRow = NonNullable<Awaited<ReturnType<AssessmentRepository['section']>>>;

/** Someone saved this section after the user opened it: nothing was written; here is what is saved now. */
export class SectionStale extends Error {
  constructor(readonly current: SectionRow) {
    super('This section was saved by someone else after you opened it');
  }
}

export interface NeedInput {
  area: string;
  description: string;
  /** "Add this need" was pressed: the need is required. */
  adding: boolean;
}

const today = () => todayInLondon();
const personName = (p: { first_name: string | null; last_name: string | null }) =>
  `${p.first_name ?? ''} ${p.last_name ?? ''}`.trim();

/**
 * The Shared Family Assessment (issue 7): one per early help episode, co-produced with the family.
 * Every current family member has a section in their own words (a child's as the child said it,
 * with who heard them and how), or the reason they declined or were not seen, and the practitioner
 * adds the analysis. Sections save part-way, each with its own version, so a second person's stale
 * save is refused with both texts shown. Needs found are tagged by Supporting Families outcome area
 * and written to the episode's needs, where the Early Help Plan picks them up. Reading goes through
 * EarlyHelpService.episode() (the policy, by involvement, with break-glass); changing needs
 * record:edit (lead professional or allocated worker), and a refusal is audited.
 */
export class AssessmentService {
  readonly repository: AssessmentRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: { earlyHelp: EarlyHelpService; reference: ReferenceService },
  ) {
    this.repository = new AssessmentRepository(db);
  }

  /**
   * The episode's family and its assessment as the viewer may see them, with each current member's
   * section and status, sections of people who have since left, the needs found, and what still
   * stops completion. Null for an unknown episode; EarlyHelpDenied when the viewer is not involved.
   */
  async view(viewer: Principal, episodeId: string) {
    const record = await this.deps.earlyHelp.episode(viewer, episodeId);
    if (!record) return null;
    const assessment = (await this.repository.byEpisode(episodeId)) ?? null;
    const [sections, needs] = assessment
      ? await Promise.all([this.repository.sections(assessment.id), this.repository.needs(assessment.id)])
      : [[], []];
    const members = record.members
      .filter((m) => m.current)
      .map((m) => {
        const section = sections.find((s) => s.person_id === m.person_id) ?? null;
        return {
          personId: m.person_id,
          name: m.name,
          relationship: m.relationship,
          child: isChild(m, today()),
          section,
          status: sectionStatus(section),
        };
      });
    const former = sections.filter((s) => s.kind === 'member' && !members.some((m) => m.personId === s.person_id));
    const names = await this.deps.earlyHelp.personNames(former.map((s) => s.person_id!));
    const formerSections = former.map((s) => ({
      personId: s.person_id!,
      name: personName(names.get(s.person_id!) ?? { first_name: null, last_name: null }),
      section: s,
      status: sectionStatus(s),
    }));
    const analysis = sections.find((s) => s.kind === 'analysis') ?? null;
    const open = record.episode.status === 'open';
    return {
      ...record,
      assessment,
      members,
      formerSections,
      analysis,
      analysisStatus: sectionStatus(analysis),
      needs: needs.map((n) => ({
        ...n,
        from: n.person_id
          ? (members.find((m) => m.personId === n.person_id)?.name ??
            formerSections.find((f) => f.personId === n.person_id)?.name ??
            '')
          : 'Practitioner’s analysis',
      })),
      problems: completionProblems(members, sectionStatus(analysis)),
      canStart: record.canEdit && open && !assessment,
      editable: record.canEdit && open && assessment?.status === 'draft',
    };
  }

  /** Starts the episode's assessment (once: a second start finds the first). */
  async start(actor: AuditActor, viewer: Principal, episodeId: string) {
    const episode = await this.openEpisodeFor(actor, viewer, episodeId);
    await this.db.transaction().execute(async (tx) => {
      const id = newId();
      await this.repository.insert(tx, { id, episode_id: episodeId, created_by: actor.userId });
      const made = await this.repository.byEpisode(episodeId, tx);
      if (made?.id === id) {
        await this.audit.record(
          actor,
          {
            action: 'early-help.assessment.started',
            outcome: 'success',
            subjectType: FAMILY_RECORD_TYPE,
            subjectId: episode.family_id,
            details: { episodeId, assessmentId: id },
          },
          tx,
        );
      }
    });
  }

  /**
   * Saves one family member's section at the version the user saw (0: not yet saved), and the need
   * they found, if any, as a need of the episode. Refused with the current text when someone saved first.
   */
  async saveMember(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    personId: string,
    version: number,
    input: MemberSectionInput,
    need: NeedInput,
  ) {
    const episode = await this.openEpisodeFor(actor, viewer, episodeId);
    const member = isUuid(personId)
      ? (await this.deps.earlyHelp.membersOf(episode.family_id)).find(
          (m) => m.person_id === personId && m.to_date === null,
        )
      : undefined;
    if (!member)
      throw new AssessmentProblems([
        { field: 'form', text: 'This person is not in the family now: their section cannot change' },
      ]);
    const name = `${member.first_name} ${member.last_name}`;
    const child = isChild(member, today());
    const problems = [...memberSectionProblems(input, { name, child }), ...(await this.needCheck(need))];
    if (problems.length) throw new AssessmentProblems(problems);
    const tookPart = input.participation === 'took-part';
    return this.saveSection(
      actor,
      episode,
      { kind: 'member', personId, version, need },
      {
        participation: input.participation as AssessmentParticipation,
        absence_reason: tookPart ? null : input.absenceReason,
        views: input.views,
        strengths: input.strengths,
        needs: input.needs,
        goals: input.goals,
        heard_by: child && input.heardBy ? input.heardBy : null,
        heard_how: child ? input.heardHow : null,
        finished: !tookPart || input.finished === 'yes',
      },
    );
  }

  /** Saves the practitioner's analysis, in the same way as a member's section. */
  async saveAnalysis(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    version: number,
    input: { analysis: string; finished: 'yes' | 'no' | '' },
    need: NeedInput,
  ) {
    const episode = await this.openEpisodeFor(actor, viewer, episodeId);
    const problems = [...analysisProblems(input), ...(await this.needCheck(need))];
    if (problems.length) throw new AssessmentProblems(problems);
    return this.saveSection(
      actor,
      episode,
      { kind: 'analysis', personId: null, version, need },
      { analysis: input.analysis, finished: input.finished === 'yes' },
    );
  }

  /**
   * Completes the assessment as it was on the check page (its version): every current member's
   * section finished, declined or not seen, and the analysis finished. Nothing changes after this.
   */
  async complete(actor: AuditActor, viewer: Principal, episodeId: string, version: number) {
    const episode = await this.openEpisodeFor(actor, viewer, episodeId);
    await this.db.transaction().execute(async (tx) => {
      const assessment = await this.draftAssessment(tx, episodeId);
      if (assessment.version !== version) throw new StaleVersionError('The assessment');
      const [members, sections] = await Promise.all([
        this.deps.earlyHelp.membersOf(episode.family_id, tx),
        this.repository.sections(assessment.id, tx),
      ]);
      const statuses = members
        .filter((m) => m.to_date === null)
        .map((m) => ({
          personId: m.person_id,
          name: `${m.first_name} ${m.last_name}`,
          status: sectionStatus(sections.find((s) => s.person_id === m.person_id)),
        }));
      const problems = completionProblems(statuses, sectionStatus(sections.find((s) => s.kind === 'analysis')));
      if (problems.length) throw new AssessmentProblems(problems);
      await this.repository.touch(tx, assessment.id, actor.userId, {
        status: 'completed',
        completed_at: new Date(),
        completed_by: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          action: 'early-help.assessment.completed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId, assessmentId: assessment.id, sections: sections.length },
        },
        tx,
      );
    });
  }

  // ---- Helpers ----

  private async needCheck(need: NeedInput) {
    const areas = await this.deps.reference.outcomeAreas();
    return needProblems(
      need,
      need.adding,
      areas.map((a) => a.code),
    );
  }

  /** The open episode, if the viewer may change its family's early help; a refusal is audited. */
  private async openEpisodeFor(actor: AuditActor, viewer: Principal, episodeId: string) {
    const episode = isUuid(episodeId) ? await this.deps.earlyHelp.episodeRow(episodeId) : undefined;
    if (!episode) throw new EarlyHelpError('episode', 'There is no such episode');
    const involvements = await this.deps.earlyHelp.involvementsIn(episode.family_id, viewer);
    const decision = can(viewer, 'record:edit', { type: 'record', id: episode.family_id, involvements });
    if (!decision.allowed) {
      await this.audit.record(actor, {
        action: 'permission.denied',
        outcome: 'denied',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: episode.family_id,
        details: { action: 'record:edit', episodeId, reason: decision.reason },
      });
      throw new AssessmentDenied('Only the family’s lead professional or allocated worker can change the assessment');
    }
    if (episode.status !== 'open')
      throw new EarlyHelpError('episode', 'This episode has been closed: the assessment cannot change');
    return episode;
  }

  /** The assessment, locked for this transaction, refused unless it is still a draft. */
  private async draftAssessment(tx: Kysely<DB>, episodeId: string) {
    const found = await this.repository.byEpisode(episodeId, tx);
    if (!found) throw new AssessmentProblems([{ field: 'form', text: 'Start the assessment first' }]);
    const assessment = await this.repository.lock(tx, found.id);
    if (assessment.status !== 'draft')
      throw new AssessmentProblems([{ field: 'form', text: 'The assessment has been completed: it cannot change' }]);
    return assessment;
  }

  /**
   * One transaction: the section at the version the user saw (a first save inserts it), the need
   * as an episode need linked to the section, the assessment's version moved on, and the audit event.
   */
  private async saveSection(
    actor: AuditActor,
    episode: { id: string; family_id: string },
    target: { kind: 'member' | 'analysis'; personId: string | null; version: number; need: NeedInput },
    values: SectionValues,
  ) {
    return this.db.transaction().execute(async (tx) => {
      const assessment = await this.draftAssessment(tx, episode.id);
      const current = await this.repository.section(tx, assessment.id, target.personId);
      let sectionId: string;
      if (current) {
        if (
          current.version !== target.version ||
          !(await this.repository.updateSection(tx, current.id, target.version, actor.userId, values))
        )
          throw new SectionStale(current);
        sectionId = current.id;
      } else {
        if (target.version !== 0)
          throw new AssessmentProblems([{ field: 'form', text: 'Reload the page and try again' }]);
        sectionId = newId();
        await this.repository.insertSection(tx, {
          ...values,
          id: sectionId,
          assessment_id: assessment.id,
          kind: target.kind,
          person_id: target.personId,
          created_by: actor.userId,
          updated_by: actor.userId,
        });
      }
      let needId: string | null = null;
      if (target.need.area && target.need.description) {
        needId = newId();
        await this.deps.earlyHelp.insertNeed(tx, {
          id: needId,
          episode_id: episode.id,
          outcome_area: target.need.area,
          description: target.need.description,
          identified_by: actor.userId,
        });
        await this.repository.linkNeed(tx, needId, sectionId);
      }
      await this.repository.touch(tx, assessment.id, actor.userId);
      await this.audit.record(
        actor,
        {
          action: 'early-help.assessment.section-saved',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: {
            episodeId: episode.id,
            assessmentId: assessment.id,
            sectionId,
            personId: target.personId,
            needId,
            area: needId ? target.need.area : null,
          },
        },
        tx,
      );
      return { sectionId, needId };
    });
  }
}
