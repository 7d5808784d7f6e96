-- Issue 15: children missing education (CME) and elective home education (EHE), worked by the Education Compliance
-- team (seed 004). One case per child's period missing education or home educated. A home-educated child whose
-- education is found unsuitable becomes missing education on the same case (ehe_to = cme_from), and the School
-- Attendance Order stages follow in order (notice, order, prosecution referral).
create table education_cases (
  id uuid primary key,
  kind text not null check (kind in ('cme', 'ehe')),
  person_id uuid not null,
  first_name text not null,
  last_name text not null,
  date_of_birth date not null,
  -- The school year (its starting calendar year) in which the child was born, by the 1 September rule: the year group
  -- on any day is that day's school year less this, less 5 (0 is Reception). Worked out by the app (school-year.ts).
  birth_school_year integer not null,
  district text not null,
  source text not null,
  reported_on date not null,
  school text,
  details text not null default '',
  cme_from date,
  ehe_from date,
  ehe_to date,
  priority boolean not null default false,
  priority_reasons text[] not null default '{}',
  assessment text check (assessment in ('suitable', 'unsuitable')),
  assessed_on date,
  assessment_notes text,
  outcome text check (outcome in ('on-roll', 'moved-authority', 'left-country')),
  outcome_on date,
  outcome_school text,
  outcome_authority text,
  outcome_confirmed_on date,
  sao_stage text check (sao_stage in ('notice', 'order', 'prosecution-referral')),
  sao_notice_on date,
  sao_order_on date,
  sao_prosecution_on date,
  closed_on date,
  created_at timestamptz not null default now(),
  created_by uuid not null references users (id),
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id),
  version integer not null default 1,
  check (cme_from is not null or ehe_from is not null)
);
create index education_cases_open on education_cases (reported_on desc, id) where closed_on is null;
create index education_cases_person on education_cases (person_id);
create index education_cases_district on education_cases (district);

-- Each whereabouts enquiry (CME) and each concern (EHE), with its source and what it found.
create table education_case_events (
  id uuid primary key,
  case_id uuid not null references education_cases (id),
  kind text not null check (kind in ('enquiry', 'concern')),
  source text not null,
  on_date date not null,
  details text not null,
  created_at timestamptz not null default now(),
  created_by uuid not null references users (id)
);
create index education_case_events_case on education_case_events (case_id, on_date);

-- One open case per child: a second report about a child already missing education or home educated goes on the
-- case there is (as a whereabouts enquiry or a concern), never a second case.
create unique index education_cases_one_open on education_cases (person_id) where closed_on is null;
