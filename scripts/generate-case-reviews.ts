/**
 * Realistic, deterministic case review volume for a later assurance benchmark (issue 16): `years` years of case review
 * referrals ending today, each triaged by the three statutory partners, Rapid Reviews (mostly within 15 working days),
 * local Child Safeguarding Practice Reviews with their stages, delays, themes and recommendations, and learning actions
 * for the agencies with evidence and checks. Volumes follow seed 004's picture of Essex: about 30 referrals a year, two
 * in three progressed to a Rapid Review, a third of those to a local review (about seven a year, "nine ... currently
 * open"), some delayed "for reasons beyond the partnership's control".
 *
 * generateCaseReviews(db, { years, seed }) writes straight to the tables (as a benchmark loads data) and returns how many
 * rows it wrote to each. The same seed and day give the same rows. The reference users and organisations must exist
 * (the tenant's seed and its demo users).
 */
import { addDays, format, subDays } from 'date-fns';
import type { Insertable, Kysely } from 'kysely';
import { sql } from 'kysely';
import { loadCaseReviewSettings } from '../src/modules/case-reviews/index.ts';
import { STAGES } from '../src/modules/case-reviews/rules.ts';
import {
  BANK_HOLIDAYS_FILE,
  bankHolidayDates,
  readBankHolidaysFile,
  storeBankHolidays,
} from '../src/platform/calendar/bank-holidays.ts';
import { todayInLondon } from '../src/platform/calendar/london.ts';
import { WorkingCalendar } from '../src/platform/calendar/working-time.ts';
import { newId } from '../src/platform/db/ids.ts';
import type { CaseReviewStatus, DB } from '../src/platform/db/schema/index.ts';
import { prng } from './generate-directory.ts';
import { generatePeople } from './generate-people.ts';

const PER_YEAR = 30;
const day = (d: Date) => format(d, 'yyyy-MM-dd');
const noonOf = (iso: string) => new Date(`${iso}T12:00:00Z`);

async function insert<T extends keyof DB & string>(db: Kysely<DB>, table: T, rows: Insertable<DB[T]>[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 500) as never)
      .execute();
  return rows.length;
}

export async function generateCaseReviews(
  db: Kysely<DB>,
  options: { years: number; seed?: number; today?: string; tenant?: string },
): Promise<Record<string, number>> {
  const random = prng(options.seed ?? 16);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const today = options.today ?? todayInLondon();
  const settings = await loadCaseReviewSettings(options.tenant ?? 'essex');

  let holidays = await bankHolidayDates(db, 'england-and-wales');
  if (!holidays.length) {
    await storeBankHolidays(db, await readBankHolidaysFile(BANK_HOLIDAYS_FILE), { replaceYears: false });
    holidays = await bankHolidayDates(db, 'england-and-wales');
  }
  const calendar = new WorkingCalendar(
    {
      timeZone: 'Europe/London',
      days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      start: '09:00',
      end: '17:00',
    },
    holidays,
  );
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'organisation_id'])
    .where('email', 'in', [
      'board.manager@essex.example',
      'partner.council@essex.example',
      'partner.police@essex.example',
      'partner.health@essex.example',
      'agency.lead@essex.example',
    ])
    .execute();
  const by = (email: string) => users.find((u) => u.email === email);
  const manager = by('board.manager@essex.example');
  if (!manager)
    throw new Error('generateCaseReviews needs the demo users (board.manager@essex.example and the partners)');
  const partners = (['council', 'police', 'health'] as const).map((p) => ({
    partner: p,
    user: by(`partner.${p}@essex.example`) ?? manager,
  }));
  const organisations = await db
    .selectFrom('organisations')
    .select(['id', 'code'])
    .where('is_active', '=', true)
    .execute();
  const agencies = organisations.filter((o) =>
    [
      'essex-county-council',
      'essex-police',
      'eput',
      'nhs-mid-and-south-essex-icb',
      'essex-child-and-family-wellbeing-service',
      'essex-schools',
      'set-camhs',
      'probation-service',
    ].includes(o.code),
  );

  const count = Math.round(PER_YEAR * options.years * (0.85 + random() * 0.3));
  const children = generatePeople(count, options.seed ?? 16);
  const { rows: refs } = await sql<{
    n: string;
  }>`select nextval('case_review_reference_seq') as n from generate_series(1, ${count})`.execute(db);
  const start = subDays(noonOf(today), Math.round(options.years * 365.25));

  const referrals: Insertable<DB['case_review_referrals']>[] = [];
  const triage: Insertable<DB['case_review_triage']>[] = [];
  const rapid: Insertable<DB['case_review_rapid_reviews']>[] = [];
  const csprs: Insertable<DB['case_review_csprs']>[] = [];
  const stages: Insertable<DB['case_review_stages']>[] = [];
  const delays: Insertable<DB['case_review_delays']>[] = [];
  const recommendations: Insertable<DB['case_review_recommendations']>[] = [];
  const actions: Insertable<DB['case_review_learning_actions']>[] = [];
  const past = (iso: string) => (iso <= today ? iso : null);

  for (let i = 0; i < count; i++) {
    const id = newId();
    const referredOn = day(addDays(start, Math.floor(random() * options.years * 365)));
    const due = day(calendar.addWorkingDays(noonOf(referredOn), settings.rapidReviewWorkingDays));
    const child = children[i]!;
    const criteria = [
      pick(settings.criteria.slice(0, 2)).code,
      ...(chance(0.6) ? [pick(settings.criteria.slice(3)).code] : []),
    ];
    // Triage: the first two decide in days, the third may still be deciding for the newest referrals.
    const votes = partners.map((p) => ({ ...p, meets: chance(0.75), on: day(addDays(noonOf(referredOn), int(1, 6))) }));
    const decided = votes.filter((v) => past(v.on));
    let status: CaseReviewStatus = 'triage';
    if (decided.length === 3) status = decided.some((v) => v.meets) ? 'rapid-review' : 'not-progressed';
    let heldOn: string | null = null;
    if (status === 'rapid-review') {
      // Four in five within 15 working days; the rest late by a few days.
      const candidate = chance(0.8)
        ? day(calendar.addWorkingDays(noonOf(referredOn), int(8, settings.rapidReviewWorkingDays)))
        : day(addDays(noonOf(due), int(1, 15)));
      heldOn = past(candidate);
    }
    for (const v of decided)
      triage.push({
        id: newId(),
        referral_id: id,
        partner: v.partner,
        meets_criteria: v.meets,
        reason: v.meets ? 'Meets the criteria for a Rapid Review.' : 'Does not meet the criteria.',
        decided_by: v.user.id,
        organisation_id: v.user.organisation_id,
        decided_at: noonOf(v.on),
      });
    let csprId: string | null = null;
    if (heldOn) {
      const local = chance(0.35);
      const notified = criteria.some((c) => c === 'child-died' || c === 'child-seriously-harmed') && chance(0.9);
      status = local ? 'local-review' : 'no-local-review';
      rapid.push({
        referral_id: id,
        held_on: heldOn,
        local_review: local,
        panel_notified: notified,
        panel_notified_on: notified ? day(calendar.addWorkingDays(noonOf(referredOn), int(1, 5))) : null,
        reason: local
          ? 'Learning for several agencies: a local review follows.'
          : 'The learning is known: actions for the agencies.',
        recorded_by: manager.id,
        recorded_at: noonOf(heldOn),
      });
      const startedOn = day(addDays(noonOf(heldOn), int(10, 40)));
      if (local && past(startedOn)) {
        csprId = newId();
        // A stage every one to two months; a delay adds months.
        const delayed = chance(0.4);
        let at = noonOf(startedOn);
        let reached = STAGES[0].code as string;
        const reachedRows: { stage: string; on: string }[] = [{ stage: reached, on: startedOn }];
        for (const s of STAGES.slice(1)) {
          at = addDays(at, int(25, 60) + (delayed && s.code === 'family-involvement' ? int(60, 150) : 0));
          if (day(at) > today) break;
          reached = s.code;
          reachedRows.push({ stage: s.code, on: day(at) });
        }
        const published = reached === 'published' ? reachedRows.at(-1)!.on : null;
        csprs.push({
          id: csprId,
          referral_id: id,
          method: pick(settings.methods).code,
          reviewer: 'Independent reviewer',
          started_on: startedOn,
          stage: reached,
          themes: reachedRows.length > 4 ? [...new Set([pick(settings.themes).code, pick(settings.themes).code])] : [],
          published_on: published,
          created_by: manager.id,
          updated_by: manager.id,
        });
        for (const r of reachedRows)
          stages.push({ cspr_id: csprId, stage: r.stage, reached_on: r.on, recorded_by: manager.id });
        if (delayed) {
          const from = day(addDays(noonOf(startedOn), int(60, 120)));
          if (past(from))
            delays.push({
              id: newId(),
              cspr_id: csprId,
              reason: pick(settings.delayReasons.slice(0, 5)).code,
              details: '',
              from_on: from,
              until_on: past(day(addDays(noonOf(from), int(40, 150)))),
              recorded_by: manager.id,
            });
        }
      }
      // Learning actions: a few per review, due some months on; most evidenced and accepted in time.
      const recIds: string[] = [];
      if (csprId && stageCount(csprs.at(-1)) >= 5)
        for (let n = 1; n <= int(2, 5); n++) {
          const recId = newId();
          recIds.push(recId);
          recommendations.push({
            id: recId,
            cspr_id: csprId,
            number: n,
            text: `Recommendation ${n}`,
            recorded_by: manager.id,
          });
        }
      const actionCount = csprId ? recIds.length * int(1, 2) : int(0, 2);
      for (let n = 0; n < actionCount; n++) {
        const set = addDays(noonOf(heldOn), int(20, 200));
        if (day(set) > today) continue;
        const dueOn = day(addDays(set, int(60, 180)));
        const answered = chance(0.8) ? day(addDays(set, int(30, 200))) : null;
        const evidenced = answered && past(answered);
        const accepted = evidenced && chance(0.85) ? past(day(addDays(noonOf(answered), int(5, 40)))) : null;
        actions.push({
          id: newId(),
          referral_id: id,
          recommendation_id: recIds.length ? pick(recIds) : null,
          organisation_id: pick(agencies).id,
          owner: 'Head of service',
          action: 'Embed the learning and show how practice changed.',
          due_on: dueOn,
          status: accepted ? 'accepted' : evidenced ? 'evidence' : 'open',
          evidence: evidenced ? 'Audit of practice since the learning.' : '',
          evidence_at: evidenced ? noonOf(evidenced) : null,
          checked_by: accepted ? manager.id : null,
          checked_at: accepted ? noonOf(accepted) : null,
          accepted_on: accepted,
          created_at: set,
          created_by: manager.id,
          updated_by: manager.id,
        });
      }
    }
    referrals.push({
      id,
      reference: `CR-${referredOn.slice(0, 4)}-${String(refs[i]!.n).padStart(3, '0')}`,
      person_id: null,
      child_first_name: child.firstName,
      child_last_name: child.lastName,
      child_date_of_birth: child.dateOfBirth <= referredOn ? child.dateOfBirth : null,
      referrer_name: 'Safeguarding lead',
      referrer_organisation_id: pick(agencies).id,
      referred_on: referredOn,
      criteria,
      summary: 'Generated referral.',
      rapid_review_due_on: due,
      status,
      created_at: noonOf(referredOn),
      created_by: manager.id,
      updated_by: manager.id,
    });
  }
  return {
    case_review_referrals: await insert(db, 'case_review_referrals', referrals),
    case_review_triage: await insert(db, 'case_review_triage', triage),
    case_review_rapid_reviews: await insert(db, 'case_review_rapid_reviews', rapid),
    case_review_csprs: await insert(db, 'case_review_csprs', csprs),
    case_review_stages: await insert(db, 'case_review_stages', stages),
    case_review_delays: await insert(db, 'case_review_delays', delays),
    case_review_recommendations: await insert(db, 'case_review_recommendations', recommendations),
    case_review_learning_actions: await insert(db, 'case_review_learning_actions', actions),
  };
}

/** The number of stages a generated review reached (its stage's place in the order, from 1). */
function stageCount(cspr: Insertable<DB['case_review_csprs']> | undefined): number {
  return cspr ? STAGES.findIndex((s) => s.code === cspr.stage) + 1 : 0;
}
