/**
 * Realistic, deterministic Protect data for the Protect benchmark (npm run bench protect): missing children's
 * episodes over five years and exploitation concerns, with the people who raised them.
 *
 * generateProtect({ episodes, concerns, seed, today, refs }) makes:
 *  - a pool of children (one for every five episodes) with names and dates of birth from generate-people.ts,
 *    ages 4 to 17, each living in one district. Episodes go to children unevenly, as they do: most children go
 *    missing once, a few dozens of times (seed 004: children in care missing 197 times in three months), so repeat
 *    missing is common and some children have long histories;
 *  - missing episodes reported across the five years before `today` (each child's within two years of their life), from
 *    home, a care placement (about three in ten), school or elsewhere, with the police risk grading; nearly all
 *    returned one hour to three days later, the last few days' still open. References are the force's own
 *    ("MP/2026/000123"); unmatched to people, as the police send them;
 *  - exploitation concerns over the same five years about the same children (a third of concerns are about a
 *    child who also went missing), raised by 400 practitioners, with kinds, settings, indicators and judgements.
 * Rows come out table by table, parents first, with the database's own column names. The same arguments always
 * give the same output; `today` anchors every date.
 */
import { prng } from './generate-directory.ts';
import { generatePeople } from './generate-people.ts';

export type Row = Record<string, string | number | boolean | null | string[]>;

export interface ProtectRefs {
  /** The police force's organisation id (essex-police) and a council organisation for practitioners. */
  police: string;
  council: string;
  /** District codes of the tenant, e.g. the 12 Essex districts. */
  districts: string[];
}

export interface ProtectData {
  tables: Record<string, Row[]>;
  /** Children (by index) and the ids of their episodes, for benchmarks that open one child's history. */
  children: { firstName: string; lastName: string; dateOfBirth: string; district: string }[];
}

/** Each table's columns with their SQL types, in load order (parents before children). */
export const PROTECT_TABLES: { table: string; columns: [string, string][] }[] = [
  {
    table: 'users',
    columns: [
      ['id', 'uuid'],
      ['email', 'text'],
      ['display_name', 'text'],
      ['organisation_id', 'uuid'],
    ],
  },
  {
    table: 'user_roles',
    columns: [
      ['user_id', 'uuid'],
      ['role', 'text'],
    ],
  },
  {
    table: 'missing_episodes',
    columns: [
      ['id', 'uuid'],
      ['organisation_id', 'uuid'],
      ['episode_reference', 'text'],
      ['first_name', 'text'],
      ['last_name', 'text'],
      ['date_of_birth', 'date'],
      ['age_at_missing', 'int'],
      ['missing_from', 'text'],
      ['reported_at', 'timestamptz'],
      ['reported_by', 'text'],
      ['risk_grading', 'text'],
      ['returned_at', 'timestamptz'],
      ['returned_where', 'text'],
      ['returned_how', 'text'],
      ['district', 'text'],
      ['created_at', 'timestamptz'],
    ],
  },
  {
    table: 'exploitation_concerns',
    columns: [
      ['id', 'uuid'],
      ['child_first_name', 'text'],
      ['child_last_name', 'text'],
      ['child_date_of_birth', 'date'],
      ['exploitation_kinds', 'text[]'],
      ['settings', 'text[]'],
      ['indicators', 'text[]'],
      ['vulnerabilities', 'text[]'],
      ['what_seen', 'text'],
      ['judgement', 'text'],
      ['police_reference', 'text'],
      ['police_reported_on', 'date'],
      ['police_officer', 'text'],
      ['raised_by', 'uuid'],
      ['created_at', 'timestamptz'],
    ],
  },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEARS = 5;

/** A v4-shaped UUID from the generator's random numbers (deterministic, unlike crypto.randomUUID). */
function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function pick<T>(list: readonly (readonly [T, number])[], random: () => number): T {
  const total = list.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of list) if ((r -= w) < 0) return value;
  return list[list.length - 1]![0];
}

/** Whole years between a date of birth and a day, both 'YYYY-MM-DD' (as the missing module counts them). */
function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Age in whole years when going missing (national figures: mostly 13 to 17; under 10 a few in a hundred). */
const AGE_WHEN_MISSING: readonly (readonly [number, number])[] = [
  [5, 1],
  [7, 1],
  [8, 1],
  [9, 2],
  [10, 3],
  [11, 5],
  [12, 9],
  [13, 14],
  [14, 18],
  [15, 20],
  [16, 17],
  [17, 9],
];
const MISSING_FROM = [
  ['home', 62],
  ['care-placement', 30],
  ['school', 5],
  ['other', 3],
] as const;
const RISK = [
  ['no-apparent-risk', 10],
  ['low', 45],
  ['medium', 35],
  ['high', 10],
] as const;
const REPORTED_BY = ['Mother', 'Father', 'Residential home staff', 'Foster carer', 'School', 'Grandparent'];
const RETURNED_WHERE = [
  'Found by police at a friend’s house',
  'Returned home by themselves',
  'Found at Chelmsford station',
  'Found in a park in the town centre',
  'Returned to the placement by a taxi',
  'Found at an address in London',
];
const INDICATORS = ['missing', 'online-contact', 'older-associates', 'unexplained-money', 'travel', 'drugs'];
const VULNERABILITIES = ['young-carer', 'in-care', 'send', 'excluded'];

/** Protect data for `episodes` missing episodes and `concerns` exploitation concerns; see the file's comment. */
export function generateProtect(options: {
  episodes: number;
  concerns: number;
  seed?: number;
  today: string;
  refs: ProtectRefs;
}): ProtectData {
  const random = prng(options.seed ?? 42);
  const end = Date.parse(`${options.today}T12:00:00Z`);
  const start = end - YEARS * 365 * DAY;
  const childCount = Math.max(10, Math.round(options.episodes / 5));
  // Names from the people generator; dates of birth so that each child is 4 to 17 at some point in the window.
  const names = generatePeople(childCount, options.seed ?? 42);
  const children = names.map((p) => {
    // The time of life a child goes missing in, and their age then: mostly teenagers, a few under 10.
    const centre = start + random() * (end - start);
    const age = pick(AGE_WHEN_MISSING, random) + random();
    return {
      firstName: p.firstName,
      lastName: p.lastName,
      dateOfBirth: new Date(centre - age * 365.25 * DAY).toISOString().slice(0, 10),
      district: options.refs.districts[Math.floor(random() * options.refs.districts.length)]!,
      centre,
    };
  });
  // Most children go missing once or twice; a few very often (a power law over the pool: the most often, about 170
  // times in five years at 200,000 episodes).
  const childFor = () => children[Math.floor(childCount * random() ** 1.5)]!;

  const users: Row[] = [];
  const roles: Row[] = [];
  for (let i = 0; i < 400; i++) {
    const id = uuid(random);
    users.push({
      id,
      email: `protect.practitioner.${i}@essex.example`,
      display_name: `Practitioner ${i}`,
      organisation_id: i % 3 === 0 ? options.refs.police : options.refs.council,
    });
    roles.push({ user_id: id, role: 'partner-practitioner' });
  }

  const episodes: Row[] = [];
  for (let i = 0; i < options.episodes; i++) {
    const child = childFor();
    // Within a year either side of the child's time of going missing, inside the five years.
    const near = child.centre + (random() * 2 - 1) * 365 * DAY;
    const reported = near >= start && near < end - HOUR ? near : start + random() * (end - HOUR - start);
    const reportedDay = new Date(reported).toISOString().slice(0, 10);
    const age = ageOn(child.dateOfBirth, reportedDay);
    const open = end - reported < 3 * DAY && random() < 0.5;
    const returned = open ? null : reported + (1 + random() * 71) * HOUR;
    const iso = new Date(reported).toISOString();
    episodes.push({
      id: uuid(random),
      organisation_id: options.refs.police,
      episode_reference: `MP/${iso.slice(0, 4)}/${String(i).padStart(7, '0')}`,
      first_name: child.firstName,
      last_name: child.lastName,
      date_of_birth: random() < 0.95 ? child.dateOfBirth : null,
      age_at_missing: age >= 0 && age <= 25 ? age : null,
      missing_from: pick(MISSING_FROM, random),
      reported_at: iso,
      reported_by: REPORTED_BY[Math.floor(random() * REPORTED_BY.length)]!,
      risk_grading: pick(RISK, random),
      returned_at: returned === null ? null : new Date(Math.min(returned, end)).toISOString(),
      returned_where: returned === null ? null : RETURNED_WHERE[Math.floor(random() * RETURNED_WHERE.length)]!,
      returned_how: returned === null ? null : 'Police safe and well check',
      district: child.district,
      created_at: iso,
    });
  }

  const concerns: Row[] = [];
  for (let i = 0; i < options.concerns; i++) {
    const child = random() < 0.33 ? childFor() : children[Math.floor(random() * childCount)]!;
    const at = start + random() * (end - start);
    const day = new Date(at).toISOString().slice(0, 10);
    const kinds = random() < 0.6 ? ['criminal'] : random() < 0.75 ? ['sexual'] : ['sexual', 'criminal'];
    concerns.push({
      id: uuid(random),
      child_first_name: child.firstName,
      child_last_name: child.lastName,
      child_date_of_birth: random() < 0.8 ? child.dateOfBirth : null,
      exploitation_kinds: kinds,
      settings: random() < 0.3 ? ['online'] : random() < 0.5 ? ['in-person', 'online'] : ['in-person'],
      indicators: INDICATORS.filter(() => random() < 0.3),
      vulnerabilities: VULNERABILITIES.filter(() => random() < 0.2),
      what_seen: 'Seen with older young people at the station late at night; new phone and clothes.',
      judgement: random() < 0.8 ? 'could-be' : 'confident',
      police_reference: `42/${String(i).padStart(6, '0')}/${day.slice(2, 4)}`,
      police_reported_on: day,
      police_officer: 'PC 1234 Ward',
      raised_by: users[Math.floor(random() * users.length)]!.id as string,
      created_at: new Date(at).toISOString(),
    });
  }

  return {
    tables: { users, user_roles: roles, missing_episodes: episodes, exploitation_concerns: concerns },
    children: children.map(({ centre: _, ...child }) => child),
  };
}
