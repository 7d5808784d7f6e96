-- Education Compliance's list (issue 15) says how many open cases match its filters (kind, quadrant, year group,
-- priority). Counting them from education_cases read every open case (18,000 at Essex's scale: 28-68 ms on a busy
-- PostgreSQL, up to 362 ms on PGlite) on every page. The filters are all columns a case keeps for its whole life
-- (district, birth_school_year) or changes rarely (kind, priority, closed_on), so the open cases are kept counted per
-- combination of them, at most a few hundred rows, and the list sums the rows its filters choose.
--
-- Kept right by statement triggers on education_cases, in the same transaction as every change whoever makes it (the
-- service, a bulk load, a fix by hand): the rows a statement inserted are added, those it deleted taken away, and an
-- update takes away the rows as they were and adds them as they are (an update that moves no case between
-- combinations changes no count and locks none). The combinations are changed in one order, so two transactions moving
-- cases opposite ways wait for each other rather than deadlock. A count below zero would be a bug: it is refused.
create table education_case_counts (
  kind text not null check (kind in ('cme', 'ehe')),
  district text not null,
  birth_school_year integer not null,
  priority boolean not null,
  -- Not a check constraint: ON CONFLICT checks the row it would insert (the change, below zero when taking away)
  -- before it finds the row to add it to. education_case_counts_add refuses a count below zero instead.
  open_cases integer not null,
  primary key (kind, district, birth_school_year, priority)
);

insert into education_case_counts (kind, district, birth_school_year, priority, open_cases)
select kind, district, birth_school_year, priority, count(*)::int
from education_cases where closed_on is null
group by kind, district, birth_school_year, priority;

-- Adds changes (open_cases holding +1 or -1 for each case) to the counts, one combination after another in key order.
create function education_case_counts_add(changes education_case_counts[]) returns void language plpgsql as $$
declare
  negative integer;
begin
  with applied as (
    insert into education_case_counts as counted (kind, district, birth_school_year, priority, open_cases)
    select kind, district, birth_school_year, priority, sum(open_cases)::int
    from unnest(changes)
    group by kind, district, birth_school_year, priority
    having sum(open_cases) <> 0
    order by kind, district, birth_school_year, priority
    on conflict (kind, district, birth_school_year, priority)
      do update set open_cases = counted.open_cases + excluded.open_cases
    returning counted.open_cases
  )
  select count(*) into negative from applied where applied.open_cases < 0;
  if negative > 0 then
    raise exception 'education_case_counts: an open case count went below zero';
  end if;
end
$$;

create function education_case_counts_apply() returns trigger language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from education_case_counts;
  elsif tg_op = 'INSERT' then
    perform education_case_counts_add(array(
      select row(kind, district, birth_school_year, priority, 1)::education_case_counts
      from education_cases_new where closed_on is null));
  elsif tg_op = 'DELETE' then
    perform education_case_counts_add(array(
      select row(kind, district, birth_school_year, priority, -1)::education_case_counts
      from education_cases_old where closed_on is null));
  else
    perform education_case_counts_add(array(
      select row(kind, district, birth_school_year, priority, 1)::education_case_counts
      from education_cases_new where closed_on is null
      union all
      select row(kind, district, birth_school_year, priority, -1)::education_case_counts
      from education_cases_old where closed_on is null));
  end if;
  return null;
end
$$;

-- PostgreSQL allows transition tables only on a trigger for one event: one trigger each, one function.
create trigger education_case_counts_insert after insert on education_cases
  referencing new table as education_cases_new for each statement execute function education_case_counts_apply();
create trigger education_case_counts_update after update on education_cases
  referencing old table as education_cases_old new table as education_cases_new
  for each statement execute function education_case_counts_apply();
create trigger education_case_counts_delete after delete on education_cases
  referencing old table as education_cases_old for each statement execute function education_case_counts_apply();
create trigger education_case_counts_truncate after truncate on education_cases
  for each statement execute function education_case_counts_apply();

-- The list's page, newest report first, read straight from an index for the two filters most used alone: by kind
-- (children missing education, or home educated) and by year group. With the report-order index of 0062 alone, a
-- page of one kind or one year group skipped the open cases of the others first (3,000-6,800 rows at Essex's scale).
create index education_cases_open_kind on education_cases (kind, reported_on desc, id) where closed_on is null;
create index education_cases_open_year on education_cases (birth_school_year, reported_on desc, id)
  where closed_on is null;
