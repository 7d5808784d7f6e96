/**
 * MARAC for the Protect benchmark (scripts/bench-protect.ts; issue 15: 50,000 cases). Set-based SQL (INSERT … SELECT
 * over generate_series, no rows through Node), deterministic: every spread comes from the case number or a row's id
 * through a fixed hash, so the same count always gives the same cases. Spreads:
 *  - cases referred evenly over the last five years up to an hour ago (Essex's twice-daily meetings hear about a day's
 *    referrals each), in the 12 districts unevenly; seven in ten on the risk checklist (14 to 21 ticks), two on
 *    professional judgement, one on escalation (3 to 6 call-outs); one in seven a repeat of an earlier case;
 *  - each case a victim (one in twelve in a refuge), 0 to 3 children (about 1.2 on average) and a person causing harm;
 *  - meetings twice each weekday for five years (held), then the tenant's own planned meetings from today;
 *  - each case heard at the first held meeting two hours after its referral, one in ten again four weeks later for a
 *    review; the cases referred since wait on the next meeting's list (about a day's referrals);
 *  - before each hearing most of the eight agencies' research (four in ten for the next meeting, still under way);
 *  - 1 to 4 actions per heard hearing, due one to six weeks on; a case heard over three months ago is mostly closed
 *    with every action done or cancelled; on open cases, actions past due are done six times in ten, else overdue.
 * Then the pages the benchmark times: the next meeting's list as the coordinator and as the IDVA representative.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Services } from '../src/app.ts';
import type { Database } from '../src/platform/db/database.ts';
import type { ListPage } from './bench-protect.ts';

/** A number in [0, 1) from the case number and a salt, the same in PGlite and PostgreSQL. */
const rand = (salt: number) => sql.raw(`(((g * 2654435761 + ${salt} * 40503) % 1000003) / 1000003.0)`);
/** A number in [0, 1) from a text expression (a row's id). */
const hash = (text: string) => sql.raw(`((abs(hashtext(${text})) % 100003) / 100003.0)`);

const AGENCIES = `array['police','social-care','idva','health','probation','substance-misuse','housing','education']`;

export async function protectMarac(
  db: Database['db'],
  services: Services,
  options: { cases: number },
): Promise<{ summary: string; pages: ListPage[]; nextMeetingId: string }> {
  const user = async (email: string) =>
    (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const coordinator = await user('marac.coordinator@essex.example');
  const referrer = await user('police@essex.example');
  const N = options.cases;
  const now = new Date();
  const FIVE_YEARS_S = 5 * 365.25 * 86_400;

  // Held meetings: twice each weekday for five years, up to yesterday (the app plans today's and those to come).
  await sql`insert into marac_meetings (id, starts_at, slot, status, chaired_by, agencies_present, created_at, updated_at)
    select md5('bench-marac-meeting' || d::date::text || s.slot)::uuid, (d::date + s.t) at time zone 'Europe/London',
      s.slot, 'held', ${coordinator}, array['police','social-care','idva','health','probation'], now(), now()
    from generate_series((now() - interval '5 years 1 month')::date, (now() at time zone 'Europe/London')::date - 1,
      interval '1 day') d
    cross join (values ('morning', time '10:00'), ('afternoon', time '14:00')) s(slot, t)
    where extract(isodow from d) < 6
    on conflict (starts_at) do nothing`.execute(db);
  await services.maracMeetings.ensureMeetings(db, now);
  const next = await services.maracMeetings.next(now);
  if (!next) throw new Error('No next MARAC meeting was planned');

  const districts = sql.raw(`(array['basildon','basildon','colchester','colchester','chelmsford','chelmsford',
    'braintree','tendring','tendring','harlow','epping-forest','uttlesford','maldon','brentwood','castle-point','rochford'])`);
  await sql`insert into marac_cases (id, reference, referred_at, referred_by, referring_agency, risk_basis,
      risk_checklist_score, professional_judgement, police_callouts, summary, district_code, repeat_of, created_at,
      created_by, updated_at)
    select md5('bench-marac-case' || g)::uuid, 'MARAC-B-' || lpad(g::text, 6, '0'), s.at, ${referrer},
      (array['police','police','police','police','idva','health','social-care','housing','education','probation'])[1 + (g % 10)],
      s.basis,
      case when s.basis = array['risk-checklist'] then 14 + floor(8 * ${rand(3)})::int
        when ${rand(4)} < 0.5 then 8 + floor(6 * ${rand(5)})::int end,
      case when s.basis = array['professional-judgement'] then 'Stalking and threats after separation; the victim is frightened.' end,
      case when s.basis = array['escalation'] then 3 + floor(4 * ${rand(6)})::int end,
      'Threats to kill after separation; the children were present at the last incident.',
      ${districts}[1 + (g % 16)],
      case when g > 200 and ${rand(7)} < 0.14 then md5('bench-marac-case' || (g - 1 - (g * 7 % 180)))::uuid end,
      s.at, ${referrer}, s.at
    from (
      select g,
        ${now}::timestamptz - interval '1 hour'
          - make_interval(secs => ((${sql.lit(N)} - g + ${rand(1)} * 0.8) * ${sql.lit(FIVE_YEARS_S / N)})::float8) as at,
        case when ${rand(2)} < 0.7 then array['risk-checklist']
          when ${rand(2)} < 0.9 then array['professional-judgement'] else array['escalation'] end as basis
      from generate_series(1, ${sql.lit(N)}) g
    ) s`.execute(db);

  const first = `(array['Amelia','Olivia','Isla','Emily','Sophie','Chloe','Jessica','Zofia','Aisha','Priya','Leanne','Kelly'])`;
  const last = `(array['Smith','Jones','Taylor','Brown','Nowak','Khan','Patel','Wilson','Evans','Murphy','Ali','Clarke'])`;
  await sql`insert into marac_case_people (id, case_id, role, first_name, last_name, date_of_birth, gender,
      relationship, address, postcode, refuge, school)
    select md5('v' || c.id)::uuid, c.id, 'victim', ${sql.raw(first)}[1 + (n % 12)], ${sql.raw(last)}[1 + (n / 12 % 12)],
      (c.referred_at - make_interval(years => 19 + (n % 30)))::date, 'female', null,
      case when n % 12 = 0 then 'Refuge (address held by the IDVA service)' else (n % 90 + 1) || ' Station Road' end,
      'CM1 1AA', n % 12 = 0, null
    from (select id, referred_at, abs(hashtext(id::text)) as n from marac_cases) c
    union all
    select md5('h' || c.id)::uuid, c.id, 'person-causing-harm', (array['Craig','Jordan','Dean','Ross','Vikram','Tomasz'])[1 + (n % 6)],
      ${sql.raw(last)}[1 + (n / 7 % 12)], null, 'male', 'ex-partner', null, null, false, null
    from (select id, abs(hashtext(id::text)) as n from marac_cases) c
    union all
    select md5('c' || c.id || k)::uuid, c.id, 'child', (array['Kai','Maisie','Arjun','Ella','Leo','Mia','Noah','Ava'])[1 + ((n + k) % 8)],
      ${sql.raw(last)}[1 + (n / 12 % 12)], (c.referred_at - make_interval(days => 200 + ((n / 5 + k * 977) % 6000)::int))::date,
      null, 'child', null, null, false, case when k % 2 = 1 then 'Essex Primary' else 'Essex Academy' end
    from (select id, referred_at, abs(hashtext(id::text)) as n from marac_cases) c
    cross join lateral generate_series(1, (array[0,0,0,1,1,1,2,2,3,3])[1 + (c.n % 10)]) k`.execute(db);

  // Hearings: the first held meeting two hours after the referral, and for one case in ten a review four weeks on.
  const hearings = (after: string, salt: string, where: RawBuilder<unknown>) => sql`
    insert into marac_hearings (id, case_id, meeting_id, listed_at, position, discussion, heard_at, heard_by, updated_at)
    select md5(${salt} || c.id)::uuid, c.id, m.id, c.referred_at, 0,
      'Discussed: the risk is high; a safety action plan agreed with the agencies present.',
      m.starts_at + interval '20 minutes', ${coordinator}, m.starts_at + interval '20 minutes'
    from marac_cases c
    cross join lateral (select mm.id, mm.starts_at, mm.status from marac_meetings mm
      where mm.starts_at >= c.referred_at + ${sql.raw(after)} order by mm.starts_at limit 1) m
    where m.status = 'held' and ${where}`;
  await hearings(`interval '2 hours'`, 'bench-h1', sql`true`).execute(db);
  await hearings(`interval '28 days'`, 'bench-h2', sql`${hash('c.id::text')} < 0.1`).execute(db);
  // Those referred since the last held meeting wait on the next meeting's list.
  await sql`insert into marac_hearings (id, case_id, meeting_id, listed_at, position, updated_at)
    select md5('bench-hn' || c.id)::uuid, c.id, ${next.id}, c.referred_at,
      row_number() over (order by c.referred_at) - 1, c.referred_at
    from marac_cases c where not exists (select 1 from marac_hearings h where h.case_id = c.id)`.execute(db);
  await sql`update marac_hearings h set position = p.pos from (
      select id, row_number() over (partition by meeting_id order by listed_at) - 1 as pos
      from marac_hearings where heard_at is not null) p
    where p.id = h.id`.execute(db);

  // Research before each hearing.
  await sql`insert into marac_research (id, hearing_id, agency, known, information, recorded_by, recorded_at, updated_at)
    select md5('bench-r' || h.id || a.agency)::uuid, h.id, a.agency, ${hash("h.id::text || 'k' || a.agency")} < 0.6,
      case when ${hash("h.id::text || 'k' || a.agency")} < 0.6 then 'Known to the agency: two contacts this year.' end,
      ${coordinator}, least(m.starts_at - interval '3 hours', now()), least(m.starts_at - interval '3 hours', now())
    from marac_hearings h join marac_meetings m on m.id = h.meeting_id
    cross join unnest(${sql.raw(AGENCIES)}) a(agency)
    where ${hash('h.id::text || a.agency')} < case when h.heard_at is null then 0.4 else 0.75 end`.execute(db);

  // Cases heard over three months ago are mostly closed (their actions done or cancelled below).
  const closing = sql`c.referred_at < now() - interval '100 days' and ${hash('c.id::text')} < 0.95`;
  await sql`update marac_cases c set status = case
      when ${closing} then 'closed'
      when exists (select 1 from marac_hearings h where h.case_id = c.id and h.heard_at is not null) then 'heard'
      else 'listed' end,
    closed_at = case when ${closing} then c.referred_at + interval '90 days' end,
    closed_by = case when ${closing} then ${coordinator}::uuid end,
    closure_reason = case when ${closing} then 'Risk reduced; every action reviewed.' end`.execute(db);

  // Actions of each heard hearing.
  await sql`insert into marac_actions (id, case_id, hearing_id, agency, description, owner_name, due_on, status,
      done_at, for_children, created_at, created_by, updated_at)
    select id, case_id, hearing_id, agency, description, owner_name, due_on, status,
      case when status <> 'open' then least(due_on::timestamptz, now() - interval '1 hour') end, for_children,
      heard_at, ${coordinator}, heard_at
    from (
      select md5('bench-a' || h.id || k)::uuid as id, h.case_id, h.id as hearing_id, h.heard_at,
        (${sql.raw(AGENCIES)})[1 + (abs(hashtext(h.id::text || k)) % 8)] as agency,
        (array['Safety planning with the victim','Mark the address for a priority response','Check the children are safe at school',
          'Offer support with housing','Share the bail conditions with the agencies'])[1 + (abs(hashtext(h.id::text || k)) % 5)] as description,
        (array['PC Sarah Lowe','Rebecca Hollis','Dr Amira Said','Tom Price','Housing options team'])[1 + (abs(hashtext(k || h.id::text)) % 5)] as owner_name,
        (h.heard_at at time zone 'Europe/London')::date + 7 + (abs(hashtext(h.id::text || 'd' || k)) % 36) as due_on,
        k = 1 and exists (select 1 from marac_case_people p where p.case_id = h.case_id and p.role = 'child')
          and ${hash("h.id::text || 'ch'")} < 0.4 as for_children,
        case
          when c.status = 'closed' then case when ${hash("h.id::text || 's' || k")} < 0.9 then 'done' else 'cancelled' end
          when (h.heard_at at time zone 'Europe/London')::date + 7 + (abs(hashtext(h.id::text || 'd' || k)) % 36) < current_date
            then case when ${hash("h.id::text || 's' || k")} < 0.6 then 'done' else 'open' end
          else case when ${hash("h.id::text || 's' || k")} < 0.15 then 'done' else 'open' end
        end as status
      from marac_hearings h join marac_cases c on c.id = h.case_id
      cross join lateral generate_series(1, 1 + (abs(hashtext(h.id::text || 'n')) % 4)) k
      where h.heard_at is not null
    ) a`.execute(db);
  await sql`insert into marac_action_updates (id, action_id, note, status_after, recorded_by, recorded_at)
    select md5('bench-u' || a.id)::uuid, a.id, 'Reviewed at the meeting.', a.status, ${coordinator}, a.done_at
    from marac_actions a where a.status <> 'open'`.execute(db);

  const { rows } = await sql<{
    cases: number;
    open: number;
    people: number;
    children: number;
    meetings: number;
    hearings: number;
    research: number;
    actions: number;
    overdue: number;
    listed: number;
  }>`select (select count(*) from marac_cases)::int as cases,
      (select count(*) from marac_cases where status <> 'closed')::int as open,
      (select count(*) from marac_case_people)::int as people,
      (select count(*) from marac_case_people where role = 'child')::int as children,
      (select count(*) from marac_meetings)::int as meetings,
      (select count(*) from marac_hearings)::int as hearings,
      (select count(*) from marac_research)::int as research,
      (select count(*) from marac_actions)::int as actions,
      (select count(*) from marac_actions where status = 'open' and due_on < current_date)::int as overdue,
      (select count(*) from marac_hearings where meeting_id = ${next.id})::int as listed`.execute(db);
  const r = rows[0]!;
  const n = (v: number) => v.toLocaleString('en-GB');
  const page = (label: string, as: string): ListPage => ({
    label: `MARAC: the next meeting's list, ${r.listed} cases, as ${label} (/marac/meetings/:id)`,
    as,
    url: `/marac/meetings/${next.id}`,
    expect: 'The list (',
    bare: (s, viewer) => s.maracMeetings.view({ userId: viewer.id, label: 'bench' }, viewer, next.id),
  });
  return {
    summary:
      `${n(r.cases)} MARAC cases (${n(r.open)} open; ${n(r.people)} people, ${n(r.children)} of them children), ` +
      `${n(r.meetings)} meetings, ${n(r.hearings)} hearings, ${n(r.research)} agencies' research, ` +
      `${n(r.actions)} actions (${n(r.overdue)} overdue), ${n(r.listed)} cases on the next meeting's list`,
    pages: [
      page('the coordinator', 'marac.coordinator@essex.example'),
      page('the IDVA representative', 'marac.idva@essex.example'),
    ],
    nextMeetingId: next.id,
  };
}

/** The coordinator's "list another open case" query as MaracMeetingRepository.unlisted writes it. */
const unlistedSql = (meetingId: string) => sql`select id, reference from marac_cases
  where status <> 'closed' and not exists (select h.id from marac_hearings h
    where h.case_id = marac_cases.id and h.meeting_id = ${meetingId})
  order by referred_at desc limit 200`;

/**
 * EXPLAIN ANALYZE of the open cases not on the next meeting's list, and its timing without and with migration 0073's
 * index (dropped and put back inside one transaction that is rolled back, so the database is left as migrated).
 */
export async function maracExplain(db: Database['db'], meetingId: string, rounds = 30): Promise<string[]> {
  const lines: string[] = [];
  const time = async (tx: Database['db']) => {
    const ms: number[] = [];
    for (let i = 0; i < rounds + 5; i++) {
      const started = performance.now();
      await unlistedSql(meetingId).execute(tx);
      if (i >= 5) ms.push(performance.now() - started);
    }
    ms.sort((a, b) => a - b);
    const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
    return `p50 ${p(0.5)} ms, p95 ${p(0.95)} ms`;
  };
  const plan = async (tx: Database['db']) =>
    (await sql<Record<string, string>>`explain analyze ${unlistedSql(meetingId)}`.execute(tx)).rows
      .map((r) => `      ${Object.values(r)[0]}`)
      .filter((l) => /Scan|Sort|Limit|Execution/.test(l));
  await db
    .transaction()
    .execute(async (tx) => {
      await sql`drop index marac_cases_open_recent_idx`.execute(tx);
      lines.push(`  MARAC open cases not on the list, without migration 0073's index: ${await time(tx)}`);
      lines.push(...(await plan(tx)));
      throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  lines.push(`  MARAC open cases not on the list, with migration 0073's index: ${await time(db)}`);
  lines.push(...(await plan(db)));
  return lines;
}
class RollBack extends Error {}
