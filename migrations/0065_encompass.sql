-- Issue 15: Operation Encompass (seed 004: "a pilot of Operation Encompass designed to improve the support available
-- to children and young people in education who experience domestic abuse at home"). When police attend a domestic
-- abuse incident where a child lives, the child's school's designated safeguarding lead is told before the next school
-- day, and the school records that it received the notification and what support it gave.

-- The schools the notifications go to, by their unique reference number (URN, as in Get Information About Schools),
-- with each school's designated safeguarding lead and a deputy. Seeded from config/tenants/<tenant>.schools.json and
-- refreshed by a system administrator's CSV import.
create table schools (
  urn text primary key check (urn ~ '^[0-9]{6}$'),
  name text not null,
  district text not null,
  phase text not null,
  age_from integer not null,
  age_to integer not null,
  dsl_name text,
  dsl_email text,
  deputy_name text,
  deputy_email text,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id)
);
create index schools_dsl_email on schools (lower(dsl_email));
create index schools_deputy_email on schools (lower(deputy_email));

-- One row for each police notification of domestic abuse, whether or not a child in it is of school age: the page
-- says what Operation Encompass did with it.
create table encompass_incidents (
  id uuid primary key,
  request_id uuid not null unique,
  police_reference text not null,
  district text not null,
  incident_date date not null,
  received_at timestamptz not null,
  children integer not null,
  children_of_school_age integer not null,
  children_without_birth_date integer not null,
  created_at timestamptz not null default now()
);

-- One notification for each child of school age (Reception to Year 13) in the incident: the school it goes to (chosen
-- by the Hub when Hearth does not know it), the deadline (the start of the next school day), when it was sent and to
-- whom, and the school's acknowledgement and the support it gave.
create table encompass_notifications (
  id uuid primary key,
  incident_id uuid not null references encompass_incidents (id),
  position integer not null,
  first_name text not null,
  last_name text not null,
  date_of_birth date not null,
  year_group integer not null,
  school_urn text references schools (urn),
  school_chosen_by uuid references users (id),
  school_chosen_at timestamptz,
  deadline timestamptz not null,
  sent_at timestamptz,
  sent_template text,
  sent_to text[] not null default '{}',
  sent_on_time boolean,
  send_problem text,
  received_at timestamptz,
  received_by uuid references users (id),
  support_kinds text[] not null default '{}',
  support_details text,
  support_at timestamptz,
  support_by uuid references users (id),
  created_at timestamptz not null default now(),
  created_by uuid references users (id),
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id),
  version integer not null default 1,
  unique (incident_id, position)
);
create index encompass_notifications_school on encompass_notifications (school_urn, created_at desc);
create index encompass_notifications_unsent on encompass_notifications (deadline) where sent_at is null;
