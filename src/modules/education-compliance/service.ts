import type { Kysely, Selectable, Updateable } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { BreakGlassService } from '../../platform/break-glass/service.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { schoolYearOf, YEAR_11, yearGroupName, yearGroupOn } from '../../platform/calendar/school-year.ts';
import { StaleVersionError, isUniqueViolation } from '../../platform/db/errors.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type { DB, EducationCasesTable } from '../../platform/db/schema/index.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { RecordLocator } from '../../platform/http/route-access.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { can, type Involvement, type Principal } from '../../platform/permissions/policy.ts';
import { PersonInputError, type Candidate, type PeopleService } from '../people/index.ts';
import type { EducationSettings, ReferenceService } from '../reference/index.ts';
import { EducationRepository } from './repository.ts';
import { EducationRuleError, OpenCaseExists, checkSaoStep, compulsoryYearGroup, SAO_DATE_COLUMN } from './rules.ts';
import type { ListFilters, NewCaseInput, OutcomeInput } from './schemas.ts';

export const EDUCATION_RECORD_TYPE = 'education-case';
const STALE = 'The Education Compliance case';

export interface EducationDeps {
  people: PeopleService;
  reference: ReferenceService;
  breakGlass: BreakGlassService;
  /** Whether the child is or was known in Hearth: the Hub decided at level 4 / an early help episode (priority). */
  knownTo: { socialCare(personId: string): Promise<boolean>; earlyHelp(personId: string): Promise<boolean> };
}

type Case = Selectable<EducationCasesTable>;
export type CreateResult = { created: string } | { candidates: Candidate[] };

/**
 * Who works a case, as its pages decide: the Education Compliance team works every case (seed 004: the team "will act
 * upon all concerns"). The drill-down (drill-down.ts) decides the same way.
 */
export function educationInvolvements(viewer: Principal): Involvement[] {
  return can(viewer, 'education:compliance').allowed ? ['education-compliance'] : [];
}

/**
 * Children missing education and elective home education (issue 15; seed 004 "Update regarding Children Missing
 * Education (CME) and Elective Home Education (EHE)"): reports and registrations, whereabouts enquiries, concerns,
 * the suitability assessment, outcomes and the School Attendance Order's stages. Every read and change of a case is
 * audited against the case, naming the child's person record.
 */
export class EducationComplianceService {
  readonly repository: EducationRepository;
  readonly cases: { byId: RecordLocator };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: EducationDeps,
  ) {
    this.repository = new EducationRepository(db);
    this.cases = {
      byId: {
        type: EDUCATION_RECORD_TYPE,
        find: async (request, user) => {
          const found = await this.row(uuidParam(request, 'id'));
          return found ? { id: found.id, involvements: this.involvementsOf(user) } : null;
        },
      },
    };
    deps.breakGlass.registerRecordType(EDUCATION_RECORD_TYPE, async (id, viewer) => {
      const found = await this.row(id);
      return found
        ? {
            label: `${found.first_name} ${found.last_name}: Education Compliance case`,
            href: `/education-compliance/${id}`,
            involvements: this.involvementsOf(viewer),
          }
        : null;
    });
  }

  private involvementsOf(viewer: Principal): Involvement[] {
    return educationInvolvements(viewer);
  }

  private row(id: string) {
    return isUuid(id) ? this.repository.caseById(id) : Promise.resolve(undefined);
  }

  quadrants() {
    return this.deps.reference.quadrants();
  }

  districts() {
    return this.deps.reference.districts();
  }

  settings(): Promise<EducationSettings> {
    return this.deps.reference.educationSettings();
  }

  /**
   * Reports a child missing education or registers a child as home educated. The child is matched to Hearth's people
   * as the Hub matches: without a choice, the people who may be the child come back to be chosen from (or a new person
   * is recorded when nobody is plausible). A child past Year 11 or below Reception on the report's date is refused.
   */
  async create(actor: AuditActor, input: NewCaseInput, today = todayInLondon()): Promise<CreateResult> {
    const dateOfBirth = input['dateOfBirth-day'];
    const reportedOn = input['reportedOn-day'];
    const what = input.kind === 'cme' ? 'missing education' : 'home educated';
    compulsoryYearGroup(dateOfBirth, reportedOn, what);
    await this.checkCodes(input);
    const details = { firstName: input.firstName, lastName: input.lastName, dateOfBirth };
    let personId = input.personId;
    if (personId === '') {
      const candidates = await this.deps.people.findCandidates(details).catch((error: unknown) => {
        if (error instanceof PersonInputError) throw new EducationRuleError(error.field, error.message);
        throw error;
      });
      if (candidates.length > 0) return { candidates };
      personId = 'new';
    } else if (personId !== 'new') {
      const person = await this.deps.people.person(personId);
      if (!person || person.mergedInto)
        throw new EducationRuleError('personId', 'Choose one of the records shown, or record a new person');
    }
    if (personId !== 'new') {
      const open = await this.repository.openCaseOf(personId);
      if (open) throw new OpenCaseExists(open.id);
    }
    const reasons = personId === 'new' || input.kind !== 'ehe' ? [] : await this.priorityReasons(personId);
    const id = newId();
    // The person is recorded first, in its own transaction (the people module's); the case follows.
    if (personId === 'new') personId = await this.deps.people.createPerson(actor, details);
    try {
      await this.db.transaction().execute(async (tx) => {
        await this.repository.insertCase(tx, {
          id,
          kind: input.kind,
          person_id: personId,
          first_name: input.firstName,
          last_name: input.lastName,
          date_of_birth: dateOfBirth,
          birth_school_year: schoolYearOf(dateOfBirth),
          district: input.district,
          source: input.source,
          reported_on: reportedOn,
          school: input.school || null,
          details: input.details,
          cme_from: input.kind === 'cme' ? reportedOn : null,
          ehe_from: input.kind === 'ehe' ? reportedOn : null,
          priority: reasons.length > 0,
          priority_reasons: reasons,
          created_by: actor.userId!,
          updated_by: actor.userId!,
        });
        await this.record(tx, actor, id, `education-case.${input.kind}-opened`, {
          personId,
          source: input.source,
          priorityReasons: reasons,
          today,
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const open = await this.repository.openCaseOf(personId);
      throw new OpenCaseExists(open?.id ?? '');
    }
    return { created: id };
  }

  /** Why a home-educated child is prioritised for assessment (seed 004: known to social care, now or before). */
  async priorityReasons(personId: string): Promise<string[]> {
    const [socialCare, earlyHelp] = await Promise.all([
      this.deps.knownTo.socialCare(personId),
      this.deps.knownTo.earlyHelp(personId),
    ]);
    return [...(socialCare ? ['social-care'] : []), ...(earlyHelp ? ['early-help'] : [])];
  }

  private async checkCodes(input: { district: string; source: string; kind: string }) {
    const [settings, districts] = await Promise.all([this.settings(), this.deps.reference.districts()]);
    if (!districts.some((d) => d.code === input.district))
      throw new EducationRuleError('district', 'Select the district the child lives in');
    const sources = input.kind === 'cme' ? settings.cmeSources : settings.concernSources;
    if (!sources.some((s) => s.code === input.source)) throw new EducationRuleError('source', 'Select who reported it');
  }

  /**
   * The case with its enquiries and concerns, for its page. The route's access audits the view of the case; when the
   * case is matched to a person, the read is audited against the child's person record too (actor given), so the
   * person's access log shows who opened it from Education Compliance.
   */
  async casePage(id: string, actor?: AuditActor) {
    const found = await this.row(id);
    if (!found) return null;
    if (actor && found.person_id)
      await this.audit.record(actor, {
        action: 'record.viewed',
        outcome: 'allowed',
        subjectType: 'person',
        subjectId: found.person_id,
        details: { via: EDUCATION_RECORD_TYPE, caseId: found.id },
      });
    return { found, events: await this.repository.events(found.id) };
  }

  /** A whereabouts enquiry (a child missing education) or a concern (a home-educated child). */
  async addEvent(actor: AuditActor, caseId: string, input: { source: string; 'on-day': string; details: string }) {
    const found = await this.mustFind(caseId);
    if (found.closed_on) throw new EducationRuleError('source', 'This case is closed: reopen it by a new report.');
    const kind = found.kind === 'cme' ? 'enquiry' : 'concern';
    const settings = await this.settings();
    const list = kind === 'enquiry' ? settings.enquirySources : settings.concernSources;
    if (!list.some((s) => s.code === input.source)) throw new EducationRuleError('source', 'Select the source');
    await this.db.transaction().execute(async (tx) => {
      await this.repository.insertEvent(tx, {
        id: newId(),
        case_id: found.id,
        kind,
        source: input.source,
        on_date: input['on-day'],
        details: input.details,
        created_by: actor.userId!,
      });
      await this.record(tx, actor, found.id, `education-case.${kind}-added`, {
        personId: found.person_id,
        source: input.source,
      });
    });
  }

  /**
   * The outcome that closes the case: on a school roll (which), moved to another authority (confirmed), left the
   * country, or reached school-leaving age (only once past Year 11 on the outcome's date).
   */
  async recordOutcome(actor: AuditActor, caseId: string, input: OutcomeInput) {
    const found = await this.mustFind(caseId);
    if (found.closed_on) throw new EducationRuleError('outcome', 'This case already has its outcome.');
    const on = input['on-day'];
    const from = found.cme_from ?? found.ehe_from ?? found.reported_on;
    if (on < from) throw new EducationRuleError('on-day', `The date must be the same as or after ${from}.`);
    if (input.outcome === 'school-leaving-age' && yearGroupOn(found.date_of_birth, on) <= YEAR_11)
      throw new EducationRuleError(
        'outcome',
        `On ${on} this child was in ${yearGroupName(yearGroupOn(found.date_of_birth, on))}: they reach school-leaving age after Year 11. Choose another outcome.`,
      );
    await this.change(actor, found, input.version, 'education-case.outcome-recorded', {
      outcome: input.outcome,
      outcome_on: on,
      outcome_school: input.outcome === 'on-roll' ? input.school : null,
      outcome_authority: input.outcome === 'moved-authority' ? input.authority : null,
      outcome_confirmed_on: input.outcome === 'moved-authority' ? input['confirmedOn-day'] : null,
      closed_on: on,
    });
  }

  /** The next School Attendance Order stage, in order, dated no earlier than the stage before. */
  async recordSao(
    actor: AuditActor,
    caseId: string,
    input: { stage: NonNullable<Case['sao_stage']>; 'on-day': string; version: number },
  ) {
    const found = await this.mustFind(caseId);
    checkSaoStep(found, input.stage, input['on-day']);
    await this.change(actor, found, input.version, 'education-case.sao-stage-recorded', {
      sao_stage: input.stage,
      [SAO_DATE_COLUMN[input.stage]]: input['on-day'],
    });
  }

  /**
   * The suitability assessment of a home-educated child. Unsuitable: the child becomes missing education on the
   * assessment's date and the School Attendance Order process starts with its notice (seed 004: "the status of the
   * child is updated to reflect that they are a child missing from education (CME) and the School Attendance Order
   * process is instigated").
   */
  async assess(
    actor: AuditActor,
    caseId: string,
    input: { result: 'suitable' | 'unsuitable'; 'on-day': string; notes: string; version: number },
  ) {
    const found = await this.mustFind(caseId);
    if (found.kind !== 'ehe' || found.closed_on)
      throw new EducationRuleError('result', 'Only an open home education case is assessed for suitability.');
    const on = input['on-day'];
    if (on < found.reported_on)
      throw new EducationRuleError(
        'on-day',
        `The date must be the same as or after ${found.reported_on}, when home education was registered.`,
      );
    const unsuitable = input.result === 'unsuitable';
    await this.change(actor, found, input.version, 'education-case.assessed', {
      assessment: input.result,
      assessed_on: on,
      assessment_notes: input.notes,
      ...(unsuitable
        ? { kind: 'cme' as const, ehe_to: on, cme_from: on, sao_stage: 'notice' as const, sao_notice_on: on }
        : {}),
    });
  }

  /** The open cases, filtered; the list read is audited with its filters and count (no names). */
  async list(actor: AuditActor, filters: ListFilters, pageSize: number, today = todayInLondon()) {
    const birthSchoolYear = filters.yearGroup === '' ? null : schoolYearOf(today) - 5 - filters.yearGroup;
    const result = await this.repository.openCases({
      kind: filters.kind,
      quadrant: filters.quadrant,
      birthSchoolYear,
      priority: filters.priority === 'yes',
      offset: (filters.page - 1) * pageSize,
      limit: pageSize,
    });
    await this.audit.record(actor, {
      action: 'education-cases.listed',
      outcome: 'success',
      details: { ...filters, shown: result.rows.length, total: result.total },
    });
    return { ...result, schoolYear: schoolYearOf(today) };
  }

  /** Whether any case has been recorded (the demo data is added only to an empty list). */
  async anyCases(): Promise<boolean> {
    return (
      (
        await this.repository.openCases({
          kind: 'all',
          quadrant: '',
          birthSchoolYear: null,
          priority: false,
          offset: 0,
          limit: 1,
        })
      ).total > 0
    );
  }

  private async mustFind(caseId: string) {
    const found = await this.row(caseId);
    if (!found) throw new EducationRuleError('form', 'There is no such case.');
    return found;
  }

  private async change(
    actor: AuditActor,
    found: Case,
    version: number,
    action: string,
    values: Updateable<EducationCasesTable>,
  ) {
    if (found.version !== version) throw new StaleVersionError(STALE);
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(tx, 'education_cases', { id: found.id, version, by: actor.userId!, what: STALE }, values);
      await this.record(tx, actor, found.id, action, { personId: found.person_id, ...values });
    });
  }

  private record(tx: Kysely<DB>, actor: AuditActor, caseId: string, action: string, details: Record<string, unknown>) {
    return this.audit.record(
      actor,
      { action, outcome: 'success', subjectType: EDUCATION_RECORD_TYPE, subjectId: caseId, details },
      tx,
    );
  }
}
