/**
 * Children missing education and elective home education for the Protect benchmark (scripts/bench-protect.ts;
 * issue 15: 20,000 and 30,000). Set-based SQL (one INSERT … SELECT over generate_series per kind, no rows through
 * Node), deterministic: every spread comes from the row number through a fixed hash, so the same counts always give
 * the same cases. Spreads, from seed 004's shape (542 CME and 2,626 EHE on one day in Essex, out of many more over the
 * years):
 *  - the 12 districts unevenly (Basildon, Colchester and Chelmsford most), year groups Reception to Year 11 with more
 *    in secondary school (home education most of all), reported over the last five years;
 *  - CME: reported by schools at de-registration (about half), other councils, health, the public and families;
 *    seven in ten closed with an outcome (on a roll, moved to another authority, left the country); of the open ones,
 *    one in eight at a School Attendance Order stage (notice, then order, then prosecution referral, dates in order);
 *  - EHE: registrations from school de-registrations, six in ten ended (back on a roll), one in twelve open ones
 *    flagged as a priority (known to social care or early help), some assessed (a few unsuitable).
 * Then the list pages the benchmark times: /education-compliance and each of its filters.
 */
import { sql } from 'kysely';
import type { Database } from '../src/platform/db/database.ts';
import { schoolYearOf } from '../src/platform/calendar/school-year.ts';
import type { ListPage } from './bench-protect.ts';

/** A number in [0, 1) from the row number and a salt, the same in PGlite and PostgreSQL. */
const rand = (salt: number) => `(((g * 2654435761 + ${salt} * 40503) % 1000003) / 1000003.0)`;
const r = (salt: number) => sql.raw(rand(salt));

export async function protectEducation(
  db: Database['db'],
  options: { today: string; cme: number; ehe: number },
): Promise<{ summary: string; pages: ListPage[] }> {
  const officer = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'education.compliance@essex.example')
    .executeTakeFirstOrThrow();
  const schoolYear = schoolYearOf(options.today);
  const today = sql.lit(options.today);
  // Districts weighted by their child population (roughly): Basildon, Colchester, Chelmsford the most.
  const districts = sql.raw(`(array['basildon','basildon','colchester','colchester','chelmsford','chelmsford',
    'braintree','tendring','tendring','harlow','epping-forest','uttlesford','maldon','brentwood','castle-point','rochford'])`);
  // Year group 0-11, more in secondary school: squares push the draw towards Year 11.
  const yearGroup = (salt: number, skew: number) =>
    sql.raw(`least(11, floor(12 * power(${rand(salt)}, ${skew})))::int`);

  const insert = (kindName: 'cme' | 'ehe', count: number, salt: number) => {
    const kind = sql.lit(kindName);
    return sql`
    insert into education_cases (id, kind, person_id, first_name, last_name, date_of_birth, birth_school_year, district,
      source, reported_on, school, details, cme_from, ehe_from, ehe_to, priority, priority_reasons, assessment,
      assessed_on, outcome, outcome_on, outcome_school, outcome_authority, outcome_confirmed_on, sao_stage,
      sao_notice_on, sao_order_on, sao_prosecution_on, closed_on, created_by, created_at)
    select gen_random_uuid(), ${kind}, gen_random_uuid(),
      (array['Amelia','Oliver','Isla','Noah','Ava','Leo','Mia','Harry','Lily','Jack','Zofia','Kacper','Aisha','Yusuf'])[1 + (g % 14)],
      (array['Smith','Jones','Taylor','Brown','Nowak','Khan','Patel','Wilson','Evans','Murphy','Ali','Clarke'])[1 + (g / 14 % 12)::int],
      make_date(s.bsy, 9, 1) + (g % 365)::int, s.bsy, ${districts}[1 + (g % 16)],
      s.source, s.reported, case when g % 3 = 0 then 'Essex Academy' end, '',
      case when ${kind} = 'cme' then s.reported end,
      case when ${kind} = 'ehe' then s.reported end,
      case when ${kind} = 'ehe' and s.closed then s.closed_on end,
      ${kind} = 'ehe' and not s.closed and g % 12 = 0,
      case when ${kind} = 'ehe' and not s.closed and g % 12 = 0 then array[case when g % 24 = 0 then 'social-care' else 'early-help' end] else '{}'::text[] end,
      case when ${kind} = 'ehe' and g % 5 = 0 then case when g % 40 = 0 then 'unsuitable' else 'suitable' end end,
      case when ${kind} = 'ehe' and g % 5 = 0 then s.reported + 60 end,
      case when s.closed then s.outcome end, case when s.closed then s.closed_on end,
      case when s.closed and s.outcome = 'on-roll' then 'Essex Academy' end,
      case when s.closed and s.outcome = 'moved-authority' then 'Suffolk County Council' end,
      case when s.closed and s.outcome = 'moved-authority' then s.closed_on end,
      s.sao, case when s.sao is not null then s.reported + 30 end,
      case when s.sao in ('order', 'prosecution-referral') then s.reported + 60 end,
      case when s.sao = 'prosecution-referral' then s.reported + 90 end,
      case when s.closed then s.closed_on end, ${officer.id}, s.reported::timestamptz
    from (
      select g,
        ${sql.lit(schoolYear - 5)} - ${yearGroup(salt, kindName === 'ehe' ? 0.5 : 0.7)} as bsy,
        case when ${kind} = 'ehe' then 'school-deregistration'
          else (array['school-deregistration','school-deregistration','school-deregistration','another-council','health','public','family'])[1 + (g % 7)] end
          as source,
        ${today}::date - floor(1826 * power(${r(salt + 1)}, 1.3))::int as reported,
        ${r(salt + 2)} < ${sql.lit(kindName === 'cme' ? 0.7 : 0.6)} as closed,
        (array['on-roll','on-roll','on-roll','moved-authority','left-country'])[1 + (g % 5)] as outcome,
        least(${today}::date, ${today}::date - floor(1826 * power(${r(salt + 1)}, 1.3))::int + 20 + (g % 150)::int) as closed_on,
        case when ${kind} = 'cme' and ${r(salt + 3)} < 0.125 then
          (array['notice','notice','notice','order','order','prosecution-referral'])[1 + (g % 6)] end as sao
      from generate_series(1, ${sql.lit(count)}) g
    ) s`;
  };
  // Open cases never carry an outcome; a closed case is never at a School Attendance Order stage in the list.
  await insert('cme', options.cme, 11).execute(db);
  await insert('ehe', options.ehe, 29).execute(db);
  await sql`update education_cases set sao_stage = null, sao_notice_on = null, sao_order_on = null,
    sao_prosecution_on = null where closed_on is not null and sao_stage is not null`.execute(db);
  const { rows } = await sql<{ kind: string; open: number; all: number; priority: number; sao: number }>`
    select kind, count(*) filter (where closed_on is null)::int as open, count(*)::int as all,
      count(*) filter (where priority and closed_on is null)::int as priority,
      count(*) filter (where sao_stage is not null and closed_on is null)::int as sao
    from education_cases group by kind order by kind`.execute(db);
  const n = (v: number) => v.toLocaleString('en-GB');
  const of = (kind: string) => rows.find((x) => x.kind === kind) ?? { open: 0, all: 0, priority: 0, sao: 0 };
  const list = (label: string, query: string, filters: (typeof EDUCATION_LISTS)[number]['filters']): ListPage => ({
    label: `Education Compliance: ${label} (/education-compliance${query})`,
    as: 'education.compliance@essex.example',
    url: `/education-compliance${query}`,
    expect: 'Education Compliance',
    bare: (s, viewer) =>
      s.educationCompliance.list(
        { userId: viewer.id, label: 'bench' },
        { kind: 'all', quadrant: '', yearGroup: '', priority: '', page: 1, ...filters } as never,
        50,
      ),
  });
  return {
    summary:
      `${n(of('cme').all)} children missing education (${n(of('cme').open)} open, ${n(of('cme').sao)} at a School Attendance Order stage), ` +
      `${n(of('ehe').all)} home educated (${n(of('ehe').open)} open, ${n(of('ehe').priority)} priority)`,
    pages: EDUCATION_LISTS.map((l) => list(l.label, l.query, l.filters)),
  };
}

/** The Education Compliance list's filters the benchmark times (and scripts/explain-protect-education.ts explains). */
export const EDUCATION_LISTS: {
  label: string;
  query: string;
  filters: { kind?: 'cme' | 'ehe'; quadrant?: string; yearGroup?: number; priority?: 'yes'; page?: number };
}[] = [
  { label: 'all open', query: '', filters: {} },
  { label: 'missing education', query: '?kind=cme', filters: { kind: 'cme' } },
  { label: 'home educated', query: '?kind=ehe', filters: { kind: 'ehe' } },
  { label: 'West quadrant', query: '?quadrant=west', filters: { quadrant: 'west' } },
  { label: 'Year 10', query: '?yearGroup=10', filters: { yearGroup: 10 } },
  { label: 'priority', query: '?priority=yes', filters: { priority: 'yes' } },
  {
    label: 'EHE, South, Year 9',
    query: '?kind=ehe&quadrant=south&yearGroup=9',
    filters: { kind: 'ehe', quadrant: 'south', yearGroup: 9 },
  },
  { label: 'page 40', query: '?page=40', filters: { page: 40 } },
];
