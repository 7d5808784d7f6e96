import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import { PersonInputError, type Candidate, type PeopleService } from '../../people/index.ts';
import type { MaracSettings, ReferenceService } from '../../reference/index.ts';
import { MARAC_CASE, type MaracAccess } from '../access.ts';
import type { RiskChecklist } from './checklist.ts';
import { MaracCaseRepository, type ListFilters } from './repository.ts';
import { decideRisk } from './rules.ts';
import { withDateInputs } from '../../../platform/views/date-input.ts';
import { parseForm } from '../../../platform/views/forms.ts';
import {
  referralDateFields,
  referralSchema,
  referredPeople,
  slotProblems,
  type ReferralInput,
  type ReferredPerson,
} from './schemas.ts';

/** Problems with a referral found by the service (criteria, matches), each on its field: nothing was referred. */
export class MaracReferralError extends Error {
  /** With a refused match: the records each person may be, offered again beside the problem so nothing is lost. */
  constructor(
    readonly problems: { field: string; text: string }[],
    readonly candidates?: Record<string, Candidate[]>,
  ) {
    super(problems[0]?.text ?? 'The referral was refused');
  }
}

/** A referral's matches as the form sent them: per slot, a person's id, 'none', or several values (refused). */
export type MatchChoices = Record<string, unknown>;
export type ReferResult = { created: string } | { candidates: Record<string, Candidate[]> };
export type ReferredListener = (tx: Transaction<DB>, event: { caseId: string; referredAt: Date }) => Promise<void>;

export interface MaracCaseDeps {
  people: PeopleService;
  reference: ReferenceService;
  access: MaracAccess;
  checklist: () => Promise<RiskChecklist>;
}

/**
 * MARAC referrals and cases (issue 15; seed 002): anyone who may make a Request for Support refers an adult victim of
 * domestic abuse at high risk, with the children and the person or people causing harm, each matched to Hearth's
 * people as the Hub matches (the referrer confirms the match); the case is a restricted record (MaracAccess decides who
 * takes part). A referral within the tenant's repeat window of an earlier one about the same victim is a repeat.
 * The meetings side hears of each new case through `onReferred`, inside the referral's transaction.
 */
export class MaracCaseService {
  private readonly repository: MaracCaseRepository;
  private readonly listeners: ReferredListener[] = [];
  private readonly preparers: (() => Promise<unknown>)[] = [];

  constructor(
    readonly db: Kysely<DB>,
    readonly audit: AuditLog,
    readonly deps: MaracCaseDeps,
  ) {
    this.repository = new MaracCaseRepository(db);
  }

  settings(): Promise<MaracSettings> {
    return this.deps.reference.maracSettings();
  }

  checklist() {
    return this.deps.checklist();
  }

  /**
   * Called inside each referral's transaction, after the case and its people are written. `prepare` runs before the
   * transaction opens, for what a listener reads outside it (PGlite has one connection: a read outside an open
   * transaction would wait for it for ever).
   */
  onReferred(listener: ReferredListener, prepare?: () => Promise<unknown>) {
    this.listeners.push(listener);
    if (prepare) this.preparers.push(prepare);
  }

  /** The codes the form offers: the tenant's agencies (and 'other'), and its districts. */
  async choices() {
    const [settings, districts] = await Promise.all([this.settings(), this.deps.reference.districts()]);
    return {
      agencies: settings.agencies.map((a) => ({ code: a.code, name: a.name })),
      districts: districts.map((d) => ({ code: d.code, name: d.name, quadrant: d.quadrant_name })),
    };
  }

  /**
   * Refers a case. First the people are matched: when anyone has candidates and no confirmed choice, the candidates
   * are returned for the referrer to confirm (nothing is written). Then the case is written with its people, a repeat
   * is found, the listeners run, and the referral is audited, all in one transaction. Throws MaracReferralError.
   */
  /** A referral form's body (date boxes and all) checked against the schema with the tenant's codes. */
  async parseReferral(body: unknown) {
    const { agencies, districts } = await this.choices();
    return parseForm(
      referralSchema(
        agencies.map((a) => a.code),
        districts.map((d) => d.code),
      ),
      withDateInputs(body, referralDateFields()),
    );
  }

  async refer(
    actor: AuditActor,
    user: Principal,
    input: ReferralInput,
    choices: MatchChoices,
    referredAt = new Date(),
  ): Promise<ReferResult> {
    const settings = await this.settings();
    const people = referredPeople(input);
    const risk = decideRisk(input, settings);
    const problems = [...slotProblems(people), ...risk.problems];
    if (problems.length) throw new MaracReferralError(problems);

    const matched = await this.match(people, choices);
    if ('candidates' in matched) return matched;

    const victim = people[0]!;
    const id = newId();
    await Promise.all(this.preparers.map((prepare) => prepare()));
    await this.db.transaction().execute(async (tx) => {
      const earlier = await this.repository.earlierCase(
        tx,
        { ...victim, personId: matched.ids.victim ?? null },
        settings.repeatMonths,
        referredAt,
      );
      await this.repository.insert(
        tx,
        {
          id,
          reference: `MARAC-${referredAt.getUTCFullYear()}-${id.replace(/-/g, '').slice(-8).toUpperCase()}`,
          referred_at: referredAt,
          referred_by: user.id,
          referring_agency: input.referringAgency,
          risk_basis: risk.basis,
          risk_checklist_ticked: risk.ticked,
          risk_checklist_score: risk.score,
          professional_judgement: input.judgement ? input.judgementReason : null,
          police_callouts: input.policeCallouts,
          summary: input.summary,
          district_code: input.district,
          repeat_of: earlier?.id ?? null,
          created_by: actor.userId,
          updated_by: actor.userId,
          updated_at: referredAt,
        },
        people.map((p) => ({
          id: newId(),
          case_id: id,
          role: p.role,
          person_id: matched.ids[p.slot] ?? null,
          first_name: p.firstName,
          last_name: p.lastName,
          date_of_birth: p.dateOfBirth,
          gender: p.gender,
          relationship: p.relationship,
          address: p.address,
          postcode: p.postcode,
          refuge: p.refuge,
          school: p.school,
        })),
      );
      for (const listener of this.listeners) await listener(tx, { caseId: id, referredAt });
      // No names in the audit trail: it is append-only, and a person's details must stay erasable.
      await this.audit.record(
        actor,
        {
          action: 'marac-case.referred',
          outcome: 'success',
          subjectType: MARAC_CASE,
          subjectId: id,
          details: {
            riskBasis: risk.basis,
            repeatOf: earlier?.id ?? null,
            children: people.filter((p) => p.role === 'child').length,
            matched: Object.values(matched.ids).filter(Boolean).length,
          },
        },
        tx,
      );
    });
    return { created: id };
  }

  /**
   * Each person's confirmed match: a person id, or null ('none', or no candidates). A child (or anyone) sent with two
   * people is refused (one person per child), as are two children confirmed as the same person.
   */
  private async match(
    people: readonly ReferredPerson[],
    choices: MatchChoices,
  ): Promise<{ ids: Record<string, string | null> } | { candidates: Record<string, Candidate[]> }> {
    const ids: Record<string, string | null> = {};
    const candidates: Record<string, Candidate[]> = {};
    const problems: { field: string; text: string }[] = [];
    const findFor = (p: ReferredPerson) =>
      this.deps.people
        .findCandidates({ firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, postcode: null })
        .catch((error: unknown) => {
          if (error instanceof PersonInputError) return [];
          throw error;
        });
    const who = (p: ReferredPerson) =>
      p.role === 'victim' ? 'the victim' : p.role === 'child' ? `child ${p.slot.slice(5)}` : 'the person causing harm';
    for (const p of people) {
      const choice = choices[`match-${p.slot}`];
      if (Array.isArray(choice)) {
        problems.push({
          field: `match-${p.slot}`,
          text: `Choose one record for ${who(p)}: one person cannot be matched to two of Hearth’s people`,
        });
        continue;
      }
      if (choice === 'none') {
        ids[p.slot] = null;
        continue;
      }
      if (typeof choice === 'string' && choice !== '') {
        const person = isUuid(choice) ? await this.deps.people.person(choice) : undefined;
        if (!person || person.mergedInto) {
          problems.push({ field: `match-${p.slot}`, text: `Choose one of the records shown for ${who(p)}, or none` });
          continue;
        }
        ids[p.slot] = person.id;
        continue;
      }
      const found = await findFor(p);
      if (found.length) candidates[p.slot] = found;
      else ids[p.slot] = null;
    }
    const children = people.filter((p) => p.role === 'child' && ids[p.slot]);
    for (const [i, child] of children.entries()) {
      if (children.slice(0, i).some((other) => ids[other.slot] === ids[child.slot]))
        problems.push({
          field: `match-${child.slot}`,
          text: `Child ${child.slot.slice(5)} is matched to the same record as another child: choose one record for each child`,
        });
    }
    if (problems.length) {
      // Every person's records offered again (the choices made stay chosen), so the referrer puts right only the one.
      const offered = await Promise.all(people.map(async (p) => [p.slot, await findFor(p)] as const));
      throw new MaracReferralError(problems, Object.fromEntries(offered.filter(([, found]) => found.length)));
    }
    return Object.keys(candidates).length ? { candidates } : { ids };
  }

  /** Whether any case was ever referred (the demo seeds cases only into an empty list). */
  async anyCases(): Promise<boolean> {
    return (await this.repository.list(() => sql<SqlBool>`true`, { status: '', repeat: '' }, 1, 0)).total > 0;
  }

  /** Open cases naming any of these people as the victim or a child (for the restricted markers). */
  casesAbout(personIds: readonly string[]) {
    return this.repository.casesAbout(personIds);
  }

  /** Whether the user is MARAC itself: a coordinator, or a representative of a standing agency. */
  async isMarac(user: Principal): Promise<boolean> {
    if (can(user, 'marac:coordinate').allowed) return true;
    return (
      can(user, 'marac:take-part').allowed &&
      (await this.deps.access.standingOrganisationIds()).has(user.organisationId)
    );
  }

  /** A case for its page (the route's declared access decided who may see it). Audited. */
  async view(actor: AuditActor, user: Principal, id: string) {
    const row = isUuid(id) ? await this.repository.caseRow(id) : undefined;
    if (!row) return null;
    const [people, marac, repeatOf] = await Promise.all([
      this.repository.people(id),
      this.isMarac(user),
      row.repeat_of ? this.repository.reference(row.repeat_of) : Promise.resolve(undefined),
    ]);
    await this.audit.record(actor, {
      action: 'marac-case.viewed',
      outcome: 'allowed',
      subjectType: MARAC_CASE,
      subjectId: id,
      details: { view: marac ? 'marac' : 'partner' },
    });
    return { row, people, marac, repeatOf: repeatOf ?? null, referrer: row.referred_by === user.id };
  }

  /** A page of the cases the user may see (MaracAccess.visibleTo), filtered. Audited. */
  async list(actor: AuditActor, user: Principal, filters: ListFilters, limit: number, offset: number) {
    const visible = await this.deps.access.visibleTo(user);
    const found = await this.repository.list(visible, filters, limit, offset);
    await this.audit.record(actor, {
      action: 'marac-case.listed',
      outcome: 'allowed',
      subjectType: MARAC_CASE,
      details: { count: found.rows.length, ...filters },
    });
    return found;
  }

  /** The referrals this user made, newest first (a referrer's list). Audited with the list. */
  referredBy(user: Principal, limit: number) {
    return this.repository.list(
      (eb) => eb('marac_cases.referred_by', '=', user.id),
      { status: '', repeat: '' },
      limit,
      0,
    );
  }
}
