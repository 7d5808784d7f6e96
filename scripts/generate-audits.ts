import { addDays, format } from 'date-fns';
import type { Kysely } from 'kysely';
import { newId } from '../src/platform/db/ids.ts';
import type { AssuranceRating, CaseAuditGrade, DB } from '../src/platform/db/schema/index.ts';
import { loadAuditStandards } from '../src/modules/assurance-audits/standards.ts';

/** A small seeded random number generator (mulberry32), so a run can be repeated. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const day = (d: Date) => format(d, 'yyyy-MM-dd');
const RATINGS: AssuranceRating[] = ['met', 'met', 'met', 'partly-met', 'not-met'];
const GRADES: CaseAuditGrade[] = ['outstanding', 'good', 'good', 'requires-improvement', 'inadequate'];

/**
 * `years` of the partnership's audits for a later bench:assurance (issue 16): a Section 11 cycle every 2 years and a
 * Section 175 cycle each autumn, every active organisation invited (schools to Section 175), most returning (some
 * late); two thematic audits a year sampling early help episodes already in the database (none when there are
 * none), an auditor per agency from the users who answer for it, findings with a grade per case, attendance, themes
 * and a plan. Written in bulk straight to the tables; returns how many rows of each kind were made.
 */
export async function generateAudits(
  db: Kysely<DB>,
  options: { years: number; seed?: number },
): Promise<Record<string, number>> {
  const rnd = random(options.seed ?? 16);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const standards = (await loadAuditStandards('essex')).standards;
  const orgs = await db.selectFrom('organisations').select(['id', 'code']).where('is_active', '=', true).execute();
  const schools = orgs.filter((o) => o.code === 'essex-schools');
  const agencies = orgs.filter((o) => o.code !== 'essex-schools');
  const responders = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.organisation_id'])
    .where('r.role', 'in', ['agency-safeguarding-lead', 'safeguarding-partner-lead', 'school-safeguarding-lead'])
    .execute();
  const episodes = await db
    .selectFrom('episodes')
    .select(['id', 'family_id'])
    .where('status', '=', 'closed')
    .limit(5000)
    .execute();
  const counts: Record<string, number> = {
    cycles: 0,
    invitations: 0,
    returns: 0,
    answers: 0,
    caseAudits: 0,
    cases: 0,
    findings: 0,
    grades: 0,
    actions: 0,
  };
  const start = new Date(Date.UTC(new Date().getUTCFullYear() - options.years, 5, 20));
  for (let y = 0; y < options.years; y++) {
    const cycles: { kind: 'section-11' | 'section-175'; opens: Date; invited: typeof orgs }[] = [
      { kind: 'section-175', opens: new Date(Date.UTC(start.getUTCFullYear() + y, 10, 2)), invited: schools },
    ];
    if (y % 2 === 0)
      cycles.push({
        kind: 'section-11',
        opens: new Date(Date.UTC(start.getUTCFullYear() + y, 5, 30)),
        invited: agencies,
      });
    for (const c of cycles) {
      const id = newId();
      const due = addDays(c.opens, 56);
      await db
        .insertInto('assurance_cycles')
        .values({
          id,
          kind: c.kind,
          title: `${c.kind === 'section-11' ? 'Section 11' : 'Section 175'} audit ${c.opens.getUTCFullYear()}`,
          opens_on: day(c.opens),
          due_on: day(due),
          status: 'closed',
          closed_at: addDays(due, 60),
        })
        .execute();
      counts.cycles!++;
      for (const org of c.invited) {
        const invitation = newId();
        await db
          .insertInto('assurance_invitations')
          .values({ id: invitation, cycle_id: id, organisation_id: org.id, invited_at: c.opens })
          .execute();
        counts.invitations!++;
        if (rnd() < 0.1) continue; // never returned
        const returned = newId();
        await db
          .insertInto('assurance_returns')
          .values({
            id: returned,
            invitation_id: invitation,
            cycle_id: id,
            organisation_id: org.id,
            submitted_at: addDays(c.opens, Math.floor(rnd() * 70)),
          })
          .execute();
        await db
          .insertInto('assurance_return_answers')
          .values(
            standards[c.kind].map((s) => ({
              return_id: returned,
              standard_code: s.code,
              rating: pick(RATINGS),
              evidence: 'Generated evidence',
              actions: '',
            })),
          )
          .execute();
        counts.returns!++;
        counts.answers! += standards[c.kind].length;
      }
    }
    if (!episodes.length) continue;
    for (const [i, theme] of ['Neglect', 'Parental and adult mental health'].entries()) {
      const audit = newId();
      const opened = new Date(Date.UTC(start.getUTCFullYear() + y, 2 + i * 6, 1));
      await db
        .insertInto('case_audits')
        .values({
          id: audit,
          kind: 'thematic',
          theme,
          status: 'closed',
          closed_at: addDays(opened, 120),
          meeting_on: day(addDays(opened, 90)),
          created_at: opened,
        })
        .execute();
      counts.caseAudits!++;
      const sample = Array.from({ length: 8 }, () => pick(episodes)).filter(
        (e, j, all) => all.findIndex((x) => x.id === e.id) === j,
      );
      const cases = sample.map((e, j) => ({
        id: newId(),
        audit_id: audit,
        episode_id: e.id,
        family_id: e.family_id,
        position: j + 1,
      }));
      await db.insertInto('case_audit_cases').values(cases).execute();
      counts.cases! += cases.length;
      const auditors = [...new Map(responders.map((r) => [r.organisation_id, r])).values()].slice(0, 13);
      for (const a of auditors) {
        await db
          .insertInto('case_audit_auditors')
          .values({ id: newId(), audit_id: audit, user_id: a.id, organisation_id: a.organisation_id })
          .execute();
        const findings = newId();
        await db
          .insertInto('case_audit_findings')
          .values({
            id: findings,
            audit_id: audit,
            organisation_id: a.organisation_id,
            summary: 'Generated findings',
            submitted_by: a.id,
            submitted_at: addDays(opened, 30 + Math.floor(rnd() * 30)),
          })
          .execute();
        await db
          .insertInto('case_audit_grades')
          .values(cases.map((k) => ({ findings_id: findings, case_id: k.id, grade: pick(GRADES) })))
          .execute();
        await db
          .insertInto('case_audit_attendance')
          .values({ audit_id: audit, organisation_id: a.organisation_id, attendees: 1 + Math.floor(rnd() * 6) })
          .execute();
        counts.findings!++;
        counts.grades! += cases.length;
      }
      await db
        .insertInto('case_audit_themes')
        .values({ id: newId(), audit_id: audit, title: 'Think Family', detail: '' })
        .execute();
      await db
        .insertInto('case_audit_actions')
        .values({
          id: newId(),
          audit_id: audit,
          action: 'Share the learning',
          owner: 'Learning and Development sub-group',
          due_on: day(addDays(opened, 200)),
          status: rnd() < 0.7 ? 'done' : 'in-progress',
        })
        .execute();
      counts.actions!++;
    }
  }
  return counts;
}
