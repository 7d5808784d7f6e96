/**
 * Five years of casework for the dashboards benchmark (npm run bench:dashboards, issue 14): about 10 million rows
 * (at scale 1) written straight into the real tables the computed indicators count — Requests for Support and the
 * people they name, Hub decisions, families, early help episodes with their plans, goals, reviews and scores, TAF
 * meetings, and missing episodes — ending yesterday.
 *
 * Set-based and fast: one `insert … select … from generate_series` per table (in batches of BATCH rows, so PGlite's
 * memory stays small), with random() seeded per table so a run is repeatable. The distributions are meant to look
 * like the real thing: more requests in term time and a growing trend, districts weighted like Essex's population,
 * levels and pathways in the Hub's proportions, a few decisions and records entered late, missing children who go
 * missing again, and nulls where real records have them (a child with no date of birth, a child still missing).
 * Ids are made from the table and the row number (`rowId`), so the children of a row find their parent without a
 * lookup. Rows are written in time order, as a live system writes them (the tables' pages follow the calendar). Needs the reference data (organisations, districts, outcome areas) seeded first.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../src/platform/db/schema/index.ts';
import { DISTRICT_WEIGHT, FIRST, LAST, TAG, arr, pick, rowId, rowOf } from './generate-dashboards-sql.ts';

/** Rows at scale 1, per generated "thing" (the other tables follow from these: people per request, goals per plan). */
export const FULL_SIZE = {
  requests: 1_450_000,
  families: 400_000,
  episodes: 500_000,
  missing: 600_000,
} as const;
export const YEARS = 5;
const BATCH = 250_000;

/** The tables written, in load order. */
export const DASHBOARD_TABLES = [
  'users',
  'user_roles',
  'requests_for_support',
  'request_people',
  'hub_decisions',
  'families',
  'episodes',
  'plans',
  'plan_goals',
  'plan_reviews',
  'plan_review_scores',
  'taf_meetings',
  'missing_episodes',
] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

export interface GenerateOptions {
  /** 1 for the full ~10 million rows; 0.01 for a quick run. */
  scale: number;
  /** Yesterday is the last day with records: 'YYYY-MM-DD'. */
  today: string;
  progress?: (table: string, rows: number, ms: number) => void;
}

export interface Generated {
  rows: Record<DashboardTable, number>;
  ms: number;
  /** The users made: Hub practitioners, TAF Support Officers, and a board member to sign in as. */
  boardMemberId: string;
  boardMemberEmail: string;
  from: string;
}

export async function generateDashboards(db: Kysely<DB>, options: GenerateOptions): Promise<Generated> {
  const started = performance.now();
  const n = (full: number) => Math.max(1, Math.round(full * options.scale));
  const counts = {
    requests: n(FULL_SIZE.requests),
    families: n(FULL_SIZE.families),
    episodes: n(FULL_SIZE.episodes),
    missing: n(FULL_SIZE.missing),
  };
  const end = options.today;
  const from = `${Number(end.slice(0, 4)) - YEARS}${end.slice(4)}`;
  const days = Math.round((Date.parse(end) - Date.parse(from)) / 86_400_000);

  const [organisations, districtRows, areas] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'code']).execute(),
    db.selectFrom('districts').select('code').orderBy('code').execute(),
    db.selectFrom('outcome_areas').select('code').orderBy('sort_order').execute(),
  ]);
  const org = (code: string) => organisations.find((o) => o.code === code)?.id ?? organisations[0]!.id;
  if (districtRows.length === 0 || areas.length === 0) throw new Error('Seed the reference data first');
  // A weighted list of districts: each appears as often as its weight.
  const districtList = districtRows.flatMap((d) => Array<string>(DISTRICT_WEIGHT[d.code] ?? 1).fill(d.code));
  const districts = arr(districtList);
  const district = (u: RawBuilder<unknown>) => pick(districts, districtList.length, u);
  /**
   * A day in the five years from a number u in [0, 1): more recent days more likely (demand grows), with a
   * seasonal swing (quieter in August and at Christmas), as London's day `from` + that many days.
   */
  const dayOf = (u: RawBuilder<unknown>) =>
    sql`least(${sql.lit(days - 1)}, floor(${sql.lit(days)} * (pow(${u}, 0.85) + 0.3 * sin(2 * pi() * ${sql.lit(YEARS)} * pow(${u}, 0.85)) / (2 * pi() * ${sql.lit(YEARS)})))::int)`;
  /** An instant on day `d` (from dayOf) at a London hour in [h0, h0 + span). */
  const instant = (d: RawBuilder<unknown>, hourU: RawBuilder<unknown>, h0 = 8, span = 10) =>
    sql`((cast(${from} as date) + ${d})::timestamp + make_interval(secs => (${sql.lit(h0)} + ${sql.lit(span)} * ${hourU}) * 3600)) at time zone 'Europe/London'`;
  const now = sql`(cast(${end} as date)::timestamp at time zone 'Europe/London')`;
  /** Never after the start of today: a late record is late, not in the future. */
  const later = (base: RawBuilder<unknown>, plus: RawBuilder<unknown>) =>
    sql`(${base} + least(${plus}, greatest(${now} - ${base} - interval '1 minute', interval '0')))`;

  // Staff: Hub practitioners who decide, partner practitioners who ask, TAF Support Officers, a board member.
  const staff = { requesters: 60, hub: 20, tafso: 30 };
  const users: { id: string; email: string; display_name: string; organisation_id: string }[] = [];
  const roles: { user_id: string; role: string }[] = [];
  const userId = (k: number) => `${TAG.users}-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;
  let k = 0;
  const addUser = (name: string, orgCode: string, role: string) => {
    k += 1;
    const id = userId(k);
    users.push({
      id,
      email: `bench.${k}@dashboards.example`,
      display_name: `${name} ${k}`,
      organisation_id: org(orgCode),
    });
    roles.push({ user_id: id, role });
    return id;
  };
  for (let i = 0; i < staff.requesters; i++) addUser('Partner practitioner', 'essex-schools', 'partner-practitioner');
  for (let i = 0; i < staff.hub; i++) addUser('Hub practitioner', 'essex-county-council', 'hub-practitioner');
  for (let i = 0; i < staff.tafso; i++) addUser('TAF Support Officer', 'essex-county-council', 'taf-support-officer');
  const boardMemberId = addUser('Board member', 'essex-county-council', 'board-member');
  const uids = (first: number, count: number) =>
    sql`${sql.val(Array.from({ length: count }, (_, i) => userId(first + i)))}::uuid[]`;
  const requesterIds = uids(1, staff.requesters);
  const hubIds = uids(1 + staff.requesters, staff.hub);
  const tafsoIds = uids(1 + staff.requesters + staff.hub, staff.tafso);

  const rows = {} as Record<DashboardTable, number>;
  const timed = async (table: DashboardTable, run: (tx: Kysely<DB>) => Promise<void>) => {
    const count = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
    const before = await count();
    const t0 = performance.now();
    await db.transaction().execute(async (tx) => {
      await sql`select setseed(${(DASHBOARD_TABLES.indexOf(table) + 1) / 100})`.execute(tx);
      await run(tx);
    });
    const ms = performance.now() - t0;
    rows[table] = (await count()) - before;
    options.progress?.(table, rows[table], ms);
  };
  /** Runs `statement(lo, hi)` for row numbers 1…total in batches. */
  const batched = async (tx: Kysely<DB>, total: number, statement: (lo: number, hi: number) => RawBuilder<unknown>) => {
    for (let lo = 1; lo <= total; lo += BATCH) await statement(lo, Math.min(total, lo + BATCH - 1)).execute(tx);
  };

  await timed('users', (tx) =>
    tx
      .insertInto('users')
      .values(users)
      .execute()
      .then(() => undefined),
  );
  await timed('user_roles', (tx) =>
    tx
      .insertInto('user_roles')
      .values(roles)
      .execute()
      .then(() => undefined),
  );

  // Requests for Support: 60% from practitioners, 25% from the police, 15% from families; the last few days' not
  // decided yet; 2% recorded late (created some days after they were received).
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const reference = (i: RawBuilder<unknown>) =>
    sql.join(
      Array.from({ length: 8 }, (_, p) =>
        p === 0
          ? sql.lit('Q')
          : sql`substr(${sql.lit(alphabet)}, ((${i} >> ${sql.lit(5 * (p - 1))}) & 31)::int + 1, 1)`,
      ),
      sql` || `,
    );
  await timed('requests_for_support', (tx) =>
    batched(tx, counts.requests, (lo, hi) => {
      const i = sql`g.i`;
      return sql`insert into requests_for_support (id, reference, source, status, priority, received_at, district_code,
          requester_user_id, requester_organisation_id, requester_name, requester_contact_by, requester_phone, worries,
          worry_areas, strengths, tried, requested_level, consent_to_request, consent_to_sharing, idempotency_key,
          created_at, updated_at)
        select ${rowId('requests_for_support', i)}, ${reference(i)}, g.source,
          case when g.received_at > ${now} - interval '3 days' then 'in-screening' else 'decided' end,
          case when g.u3 < 0.05 then 'immediate' when g.u3 < 0.25 then 'urgent' else 'standard' end,
          g.received_at, ${district(sql`g.u2`)},
          case when g.source = 'practitioner' then ${pick(requesterIds, staff.requesters, sql`g.u4`)} end,
          case g.source when 'practitioner' then ${org('essex-schools')}::uuid when 'police' then ${org('essex-police')}::uuid end,
          case g.source when 'police' then 'Essex Police' when 'family' then 'A parent' else 'A practitioner' end,
          case when g.source = 'family' then 'phone' end, case when g.source = 'family' then '01245 000000' end,
          '[]'::jsonb, '{}'::text[], 'Supportive grandparents', 'Advice from school',
          case when g.source = 'practitioner' then 2 + floor(g.u4 * 2)::int end, true, true, 'dashboards-' || ${i},
          ${later(sql`g.received_at`, sql`case when g.u5 < 0.02 then make_interval(days => 1 + floor(g.u5 * 1000)::int) else interval '0' end`)},
          g.received_at
        from (select i, random() as u2, random() as u3, random() as u4, random() as u5,
            case when u1 < 0.6 then 'practitioner' when u1 < 0.85 then 'police' else 'family' end as source,
            ${instant(dayOf(sql`u0`), sql`uh`, 0, 24)} as received_at
          from (select i, (i - random()) / ${sql.lit(counts.requests)} as u0, random() as u1, random() as uh
            from generate_series(${lo}::bigint, ${hi}::bigint) as i) r) g`;
    }),
  );

  // The people named: a child on every request (5% with no date of birth), a parent or carer on 60%.
  await timed('request_people', (tx) =>
    batched(tx, counts.requests, (lo, hi) => {
      const child = sql`insert into request_people (id, request_id, position, role, first_name, last_name, date_of_birth, gender, created_at)
        select ${rowId('request_people', sql`2 * r.i - 1`)}, r.id, 1, 'child',
          ${pick(arr(FIRST), FIRST.length, sql`random()`)}, ${pick(arr(LAST), LAST.length, sql`random()`)},
          case when random() >= 0.05 then (r.received_at at time zone 'Europe/London')::date - floor(random() * 17 * 365.25)::int end,
          case when random() < 0.5 then 'female' else 'male' end, r.created_at
        from (select ${rowOf('id')} as i, id, received_at, created_at from requests_for_support
          where id between ${rowId('requests_for_support', lo)} and ${rowId('requests_for_support', hi)}) r`;
      const parent = sql`insert into request_people (id, request_id, position, role, first_name, last_name, created_at)
        select ${rowId('request_people', sql`2 * r.i`)}, r.id, 2, 'parent-carer',
          ${pick(arr(FIRST), FIRST.length, sql`random()`)}, ${pick(arr(LAST), LAST.length, sql`random()`)}, r.created_at
        from (select ${rowOf('id')} as i, id, created_at from requests_for_support
          where id between ${rowId('requests_for_support', lo)} and ${rowId('requests_for_support', hi)}) r
        where random() < 0.6`;
      return sql`with c as (${child} returning 1) ${parent}`;
    }),
  );

  // Hub decisions on the decided requests: levels 1–4 (20/45/20/15%), the pathway following the level; most within
  // a day or two, some late. 3% had an earlier decision a manager returned.
  const decision = (table: 'hub_decisions' | 'returned_decisions', state: string, lo: number, hi: number) =>
    sql`insert into hub_decisions (id, request_id, level, reasons, pathway, social_care_route, no_further_action_reason,
        family_consent, overrides_requested_level, state, decided_by, decided_at)
      select ${rowId(table, sql`d.i`)}, d.id, d.level, 'Needs met at this level', d.pathway,
        case when d.pathway = 'social-care' then case when d.u < 0.7 then 'statutory-assessment' else 'strategy-discussion' end end,
        case when d.pathway = 'no-further-action' then 'Needs are being met' end,
        case when d.pathway = 'family-solutions' then true end,
        coalesce(d.level <> d.requested_level, false), ${sql.lit(state)}, ${pick(hubIds, staff.hub, sql`d.u`)},
        ${later(sql`d.received_at`, sql`make_interval(secs => (case when d.late then 24 * 20 else ${sql.lit(state === 'final' ? 60 : 20)} end) * 3600 * pow(d.u, 3) + 600)`)}
      from (select r.*, case when r.level = 1 then case when r.u < 0.7 then 'advice-signposting' else 'no-further-action' end
            when r.level = 2 then 'taf'
            when r.level = 3 then case when r.u < 0.6 then 'family-solutions' else 'taf' end
            else 'social-care' end as pathway
        from (select ${rowOf('id')} as i, id, received_at, requested_level, random() as u, random() < 0.03 as late,
            case when v < 0.2 then 1 when v < 0.65 then 2 when v < 0.85 then 3 else 4 end as level
          from (select *, random() as v from requests_for_support
            where status = 'decided' and id between ${rowId('requests_for_support', lo)} and ${rowId('requests_for_support', hi)}) q) r
        ${state === 'returned' ? sql`where r.u < 0.03` : sql``}) d`;
  await timed('hub_decisions', (tx) =>
    batched(
      tx,
      counts.requests,
      (lo, hi) =>
        sql`with returned as (${decision('returned_decisions', 'returned', lo, hi)} returning 1) ${decision('hub_decisions', 'final', lo, hi)}`,
    ),
  );

  await timed('families', (tx) =>
    batched(
      tx,
      counts.families,
      (lo, hi) => sql`insert into families (id, name, district_code, created_at, updated_at)
        select ${rowId('families', sql`i`)}, 'Family ' || i, ${district(sql`random()`)}, t, t
        from (select i, ${instant(dayOf(sql`(i - random()) / ${sql.lit(counts.families)}`), sql`random()`)} as t from generate_series(${lo}::bigint, ${hi}::bigint) i) f`,
    ),
  );

  // Episodes: a fifth Family Solutions, the rest TAF; most closed (needs met 55%), the family's latest open when it
  // started within the last nine months. Each family's latest episode is among the last `families` rows.
  const lastOfFamily = counts.episodes - counts.families;
  await timed('episodes', (tx) =>
    batched(
      tx,
      counts.episodes,
      (lo, hi) => sql`insert into episodes (id, family_id, opened_at, opened_from, level, pathway, status, closed_at,
          closure_reason, created_at, updated_at)
        select ${rowId('episodes', sql`e.i`)}, ${rowId('families', sql`1 + (e.i - 1) % ${sql.lit(counts.families)}`)},
          e.opened_at, 'partner-start', case when e.pathway = 'family-solutions' or e.u < 0.3 then 3 else 2 end, e.pathway,
          case when e.open then 'open' else 'closed' end,
          case when e.open then null when e.opened_at + e.length <= ${now} then e.opened_at + e.length
            else e.opened_at + (${now} - e.opened_at) * e.u end,
          case when not e.open then case when e.v < 0.55 then 'needs-met' when e.v < 0.7 then 'stepped-down-to-universal'
            when e.v < 0.82 then 'stepped-up' when e.v < 0.93 then 'consent-withdrawn' else 'moved-away' end end,
          e.opened_at, e.opened_at
        from (select x.*, x.i > ${sql.lit(lastOfFamily)} and x.opened_at + x.length > ${now} as open
          from (select i, random() as u, random() as v,
              case when random() < 0.2 then 'family-solutions' else 'taf' end as pathway,
              ${instant(dayOf(sql`(i - random()) / ${sql.lit(counts.episodes)}`), sql`random()`)} as opened_at,
              make_interval(days => 60 + floor(random() * 300)::int) as length
            from generate_series(${lo}::bigint, ${hi}::bigint) i) x) e`,
    ),
  );

  const episodesIn = (lo: number, hi: number) =>
    sql`(select ${rowOf('id')} as i, * from episodes where id between ${rowId('episodes', lo)} and ${rowId('episodes', hi)})`;
  // Nine in ten episodes have an Early Help Plan with two goals; closed ones were reviewed once or twice.
  await timed('plans', (tx) =>
    batched(
      tx,
      counts.episodes,
      (lo, hi) => sql`insert into plans (id, episode_id, start_date, next_review_date, created_at, updated_at)
        select ${rowId('plans', sql`e.i`)}, e.id, (e.opened_at at time zone 'Europe/London')::date + 10,
          (e.opened_at at time zone 'Europe/London')::date + 100, e.opened_at, e.opened_at
        from ${episodesIn(lo, hi)} e where e.i % 10 <> 0`,
    ),
  );
  const areaCodes = arr(areas.map((a) => a.code));
  await timed('plan_goals', (tx) =>
    batched(
      tx,
      counts.episodes,
      (lo, hi) => sql`insert into plan_goals (id, plan_id, outcome_area, description, start_score, created_at)
        select ${rowId('plan_goals', sql`2 * p.i - 2 + g.k`)}, p.id, ${pick(areaCodes, areas.length, sql`random()`)},
          'Goal ' || g.k, 1 + floor(random() * 6)::int, p.created_at
        from (select ${rowOf('id')} as i, id, created_at from plans
          where id between ${rowId('plans', lo)} and ${rowId('plans', hi)}) p cross join (values (1), (2)) g(k)`,
    ),
  );
  await timed('plan_reviews', (tx) =>
    batched(
      tx,
      counts.episodes,
      (lo, hi) => sql`insert into plan_reviews (id, plan_id, review_date, what_changed, next_review_date, recorded_at)
        select ${rowId('plan_reviews', sql`2 * x.i - 2 + x.k`)}, x.plan_id, x.day, 'Reviewed with the family', x.day + 90,
          ${later(sql`(x.day::timestamp at time zone 'Europe/London')`, sql`case when random() < 0.05 then interval '12 days' else interval '17 hours' end`)}
        from (select e.i, r.k, ${rowId('plans', sql`e.i`)} as plan_id,
            (e.opened_at at time zone 'Europe/London')::date + 10
              + ((e.closed_at::date - e.opened_at::date - 10) * r.k / 2) as day
          from ${episodesIn(lo, hi)} e cross join (values (1), (2)) r(k)
          where e.status = 'closed' and e.i % 10 <> 0 and e.closed_at::date - e.opened_at::date > 12
            and (r.k = 1 or e.i % 2 = 0)) x`,
    ),
  );
  await timed('plan_review_scores', (tx) =>
    batched(
      tx,
      counts.episodes,
      (lo, hi) => sql`insert into plan_review_scores (review_id, goal_id, score)
        select r.id, g.id, least(10, greatest(0, g.start_score + floor(random() * 6)::int - 1))
        from plan_reviews r join plan_goals g on g.plan_id = r.plan_id
        where r.plan_id between ${rowId('plans', lo)} and ${rowId('plans', hi)}`,
    ),
  );

  // TAF meetings of TAF episodes: every three months while open; held (93%) or cancelled; a TAF Support Officer
  // convened 40% of them; a few recorded late; the next ones still scheduled.
  await timed('taf_meetings', (tx) =>
    batched(
      tx,
      counts.episodes,
      (lo, hi) => sql`insert into taf_meetings (id, episode_id, family_id, starts_at, online, place, status,
          cancelled_reason, notes, next_review_date, recorded_at, recorded_by, created_at, created_by, updated_at)
        select ${rowId('taf_meetings', sql`3 * m.i - 3 + m.k`)}, m.id, m.family_id, m.starts_at, m.online,
          case when not m.online then 'Family hub' end, m.status,
          case when m.status = 'cancelled' then 'The family asked to rearrange' end,
          case when m.status = 'held' then 'Plan reviewed' end,
          case when m.status = 'held' then (m.starts_at at time zone 'Europe/London')::date + 90 end,
          case when m.status = 'held' then ${later(sql`m.starts_at`, sql`case when m.u < 0.05 then interval '9 days' else interval '3 hours' end`)} end,
          case when m.status = 'held' then m.creator end, m.starts_at - interval '14 days', m.creator, m.starts_at
        from (select e.i, s.k, e.id, e.family_id, random() as u, random() < 0.5 as online,
            e.opened_at + make_interval(days => 20 + 90 * (s.k - 1)) as starts_at,
            case when e.opened_at + make_interval(days => 20 + 90 * (s.k - 1)) > ${now} then 'scheduled'
              when random() < 0.93 then 'held' else 'cancelled' end as status,
            case when random() < 0.4 then ${pick(tafsoIds, staff.tafso, sql`random()`)} else ${pick(requesterIds, staff.requesters, sql`random()`)} end as creator
          from ${episodesIn(lo, hi)} e cross join (values (1), (2), (3)) s(k)
          where e.pathway = 'taf'
            and e.opened_at + make_interval(days => 20 + 90 * (s.k - 1)) < coalesce(e.closed_at, ${now} + interval '60 days')) m`,
    ),
  );

  // Missing episodes: a child pool a third the size, skewed so some children go missing again and again; 5% with no
  // date of birth; 4% not back yet.
  const children = Math.max(1, Math.round(counts.missing / 3));
  await timed('missing_episodes', (tx) =>
    batched(
      tx,
      counts.missing,
      (lo, hi) => sql`insert into missing_episodes (id, organisation_id, episode_reference, first_name, last_name,
          date_of_birth, age_at_missing, missing_from, reported_at, reported_by, risk_grading, returned_at,
          returned_where, district, created_at, updated_at)
        select ${rowId('missing_episodes', sql`m.i`)}, ${org('essex-police')}::uuid, 'BENCH-' || m.i,
          ${pick(arr(FIRST), FIRST.length, sql`(m.c % 12) / 12.0`)}, ${pick(arr(LAST), LAST.length, sql`((m.c / 12) % 10) / 10.0`)},
          m.dob, date_part('year', age((m.reported_at at time zone 'Europe/London')::date, m.dob))::int,
          case when m.u < 0.7 then 'home' when m.u < 0.9 then 'care-placement' when m.u < 0.95 then 'school' else 'other' end,
          m.reported_at, 'Essex Police',
          case when m.v < 0.1 then 'no-apparent-risk' when m.v < 0.5 then 'low' when m.v < 0.9 then 'medium' else 'high' end,
          case when m.back then ${later(sql`m.reported_at`, sql`make_interval(secs => 3600 * (1 + 60 * m.v))`)} end,
          case when m.back then 'Home address' end, ${district(sql`((m.c * 7) % 97) / 97.0`)}, m.reported_at, m.reported_at
        from (select g.*, case when g.c % 20 <> 0 then date '2008-01-01' + ((g.c * 7919) % 6000)::int end as dob,
            g.reported_at + interval '3 days' < ${now} or random() < 0.5 as back
          from (select i, 1 + floor(pow(random(), 2) * ${sql.lit(children)})::int as c, random() as u, random() as v,
              ${instant(dayOf(sql`(i - random()) / ${sql.lit(counts.missing)}`), sql`random()`, 0, 24)} as reported_at
            from generate_series(${lo}::bigint, ${hi}::bigint) i) g) m
        where m.dob is null or m.dob < (m.reported_at at time zone 'Europe/London')::date`,
    ),
  );

  await sql`analyze`.execute(db);
  return {
    rows,
    ms: performance.now() - started,
    boardMemberId,
    boardMemberEmail: users.at(-1)!.email,
    from,
  };
}
